// What Discord receives beside a message's JSON: the files of the multipart body. The bot uploads them, the
// alert outbox stores them, and `zombie render --json` names them.

/** A file as uploaded in the multipart part `files[n]`, n being its index here and its attachment id. */
export interface UploadFile {
  name: string;
  data: Buffer;
}
