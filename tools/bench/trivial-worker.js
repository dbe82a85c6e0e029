// The baseline for `npm run bench`: the smallest Worker, served by the same wrangler dev. `/d1`
// adds the least a page that reads D1 can do, one `SELECT 1` batch through a D1 session (as the
// portal's requests run): the floor that local D1 sets for any endpoint that reads it.
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/d1") {
      const [result] = await env.DB.withSession("first-unconstrained").batch([env.DB.prepare("SELECT 1 AS one")]);
      return new Response(String(result.results[0].one));
    }
    return new Response("ok");
  },
};
