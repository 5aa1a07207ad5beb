// Attachments: a multipart upload, kept so that a later message can name it by id.
import { badRequest } from "../engine/problems.js";
import type { SuccessBody, UploadedAttachment } from "../engine/types.js";
import type { Handlers } from "./context.js";

export const attachments: Handlers = {
  async uploadSideConversationAttachment(context) {
    const form = await context.request.formData().catch(() => {
      throw badRequest("Invalid request", "The body is not multipart/form-data with a file part", [
        { location: ["request", "body"], code: "multipart", message: "the body is not multipart/form-data" },
      ]);
    });
    const file = form.get("file");
    if (!(file instanceof Blob))
      throw badRequest("Invalid request", "No `file` part in the form", [
        {
          location: ["request", "body", "file"],
          code: "required",
          message: "file is required: a form part named file",
        },
      ]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    // A PNG says its size in its header (IHDR: width and height at bytes 16 and 20).
    const png = bytes.length >= 24 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const attachment: UploadedAttachment = {
      id: `s3-${crypto.randomUUID()}`,
      name: (file as File).name || "file",
      content_type: file.type || "application/octet-stream",
      size: bytes.length,
      width: png ? view.getUint32(16) : null,
      height: png ? view.getUint32(20) : null,
    };
    context.write({ kind: "attachment", record: attachment });
    const answer: SuccessBody<"uploadSideConversationAttachment"> = attachment;
    return [201, answer];
  },
};
