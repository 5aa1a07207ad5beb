import type { UseQueryResult } from "@tanstack/react-query";
import createQueryClient from "openapi-react-query";
import { describe, expectTypeOf, it } from "vitest";
import { createClient, type SideConversation, type SideconvoClient } from "../../src/index.js";

// zd is an openapi-fetch client, so the libraries built on openapi-fetch take it as it is. Here
// openapi-react-query: its hooks are typed from the same spec, results included.
const zd: SideconvoClient = createClient({ subdomain: "acme", auth: { oauthToken: "t" } });
const $api = createQueryClient(zd);

// A hook as an app would write it (only its type is used here: nothing renders).
const useSideConversations = () =>
  $api.useQuery("get", "/api/v2/tickets/{ticket_id}/side_conversations", {
    params: { path: { ticket_id: 42 }, query: { per_page: 10 } },
  });

describe("openapi-react-query over zd", () => {
  it("infers a typed useQuery result from the spec", () => {
    type Result = ReturnType<typeof useSideConversations>;
    expectTypeOf<Result["status"]>().toEqualTypeOf<UseQueryResult["status"]>();
    expectTypeOf<NonNullable<Result["data"]>["side_conversations"][number]>().toExtend<SideConversation>();
    expectTypeOf<NonNullable<Result["data"]>["side_conversations"][number]["state"]>().toEqualTypeOf<
      SideConversation["state"]
    >();
  });

  it("refuses what the spec refuses", () => {
    // @ts-expect-error no such path
    $api.useQuery("get", "/api/v2/tickets/{ticket_id}/side_conversation", { params: { path: { ticket_id: 1 } } });
    // @ts-expect-error the ticket id is a number
    $api.useQuery("get", "/api/v2/tickets/{ticket_id}/side_conversations", { params: { path: { ticket_id: "1" } } });
    // @ts-expect-error the export requires start_time
    $api.useQuery("get", "/api/v2/tickets/side_conversations/events", { params: { query: {} } });
  });
});
