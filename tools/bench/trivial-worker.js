// The baseline for `npm run bench`: the smallest Worker, served by the same wrangler dev.
export default {
  async fetch() {
    return new Response("ok");
  },
};
