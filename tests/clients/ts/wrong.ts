// Uses the generated types refuse (tsc --strict must fail on every marked line).
import createClient from "openapi-fetch";
import type { paths } from "./peaceops";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });
// @ts-expect-error: not a parameter of listMissions
await client.GET("/v1/missions", { params: { query: { colour: "blue" } } });
// @ts-expect-error: not a mission kind
await client.GET("/v1/missions", { params: { query: { kind: "peacekeeping" } } });
// @ts-expect-error: a list filter takes a list
await client.GET("/v1/missions", { params: { query: { host_country__in: "HTI" } } });
// @ts-expect-error: a record read needs its id
await client.GET("/v1/missions/{id}", {});
const { data } = await client.GET("/v1/missions", {});
// @ts-expect-error: a page has no total field
export const total: number = data?.meta.total;
// @ts-expect-error: the list answers JSON only: its data is a page, not a string
export const text: string = data ?? "";
