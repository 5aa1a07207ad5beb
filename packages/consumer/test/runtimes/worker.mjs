// Cloudflare Workers (workerd): the scenario runs inside a request; `?base=…&run=…`.
import { scenario } from "./scenario.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const result = await scenario(url.searchParams.get("base"), Number(url.searchParams.get("run")));
    return Response.json(result);
  },
};
