// What a TypeScript user writes with openapi-fetch and the types openapi-typescript
// generates from openapi/openapi.json (./peaceops.ts, made by the test), both with their
// defaults. Type-checked with tsc --strict, then run under node against `peaceops serve`
// by tests/clients/test_typescript_sdk.py; it prints what it found as JSON.
import createClient from "openapi-fetch";
import type { components, paths } from "./peaceops";

type Mission = components["schemas"]["Mission"];
type Problem = components["schemas"]["Problem"];

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: node client.js BASE_URL");
const client = createClient<paths>({ baseUrl });

// Missions in Haiti or Cyprus (a two-value filter, sent as repeated keys), two a page.
async function missionsInHaitiOrCyprus(): Promise<{ ids: string[]; count: number | null; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let count: number | null = null;
  let pages = 0;
  do {
    const { data, error } = await client.GET("/v1/missions", {
      params: { query: { host_country__in: ["HTI", "CYP"], sort: ["-start_date"], limit: 2, cursor } },
    });
    if (error) throw new Error(`${error.status} ${error.detail}`);
    ids.push(...data.data.map((m: Mission) => m.id));
    count = data.meta.count;
    cursor = data.meta.next_cursor ?? undefined;
    pages += 1;
  } while (cursor !== undefined);
  return { ids, count, pages };
}

async function oneMission(id: string): Promise<{ name: string; status: string; etag: string | null }> {
  const { data, error, response } = await client.GET("/v1/missions/{id}", { params: { path: { id } } });
  if (error) throw new Error(`${error.status} ${error.detail}`);
  return { name: data.name ?? "", status: data.status ?? "", etag: response.headers.get("ETag") };
}

async function notFound(): Promise<Pick<Problem, "status" | "title" | "detail"> & { type: string }> {
  const { data, error, response } = await client.GET("/v1/missions/{id}", { params: { path: { id: "nope" } } });
  if (data !== undefined) throw new Error("a mission named nope");
  const problem: Problem = error;
  return {
    status: problem.status,
    title: problem.title,
    detail: problem.detail,
    type: response.headers.get("Content-Type") ?? "",
  };
}

async function abstentions(): Promise<string[]> {
  const { data, error } = await client.GET("/v1/mandates/{id}/votes", {
    params: { path: { id: "s-res-2699-2023" }, query: { vote: "abstain" } },
  });
  if (error) throw new Error(`${error.status} ${error.detail}`);
  if (!("data" in data)) throw new Error("not a list of votes");
  return data.data.map((v) => ("member" in v ? String(v.member) : "")).sort();
}

async function exportCsv(): Promise<string[]> {
  const { data, error } = await client.GET("/v1/events.csv", {
    params: { query: { mission__in: ["mss-haiti", "gang-suppression-force"], fields: ["id", "mission"] } },
    parseAs: "text",
  });
  if (error) throw new Error(`${error.status} ${error.detail}`);
  return data.trimEnd().split("\n");
}

const found = {
  missions: await missionsInHaitiOrCyprus(),
  mission: await oneMission("mss-haiti"),
  abstentions: await abstentions(),
  export: await exportCsv(),
  notFound: await notFound(),
};
console.log(JSON.stringify(found));
