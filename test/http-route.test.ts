import { describe, expect, it } from "vitest";
import { routeKeyProblem } from "../src/catalog/http-route.js";

/** API Gateway HTTP API route keys ("Create routes for HTTP APIs"), case by case. */
describe("HTTP API route keys", () => {
  it.each([
    "$default", "ANY /{proxy+}", "GET /", "GET /items", "GET /items/{id}", "POST /items/{id}/notes",
    "PUT /v1/users/{userId}/avatar", "DELETE /items/{item-id}", "HEAD /health", "OPTIONS /{proxy+}",
    "PATCH /a.b/c_d/e~f/@me", "ANY /files/{path+}",
  ])("accepts %s", (route) => {
    expect(routeKeyProblem(route)).toBeUndefined();
  });

  it.each([
    ["GET /items/{id", 'path segment "{id" has an unbalanced { (no closing })'],
    ["GET /items/id}", 'path segment "id}" has an unbalanced } (no opening {)'],
    ["GET /{proxy+}/more", "the greedy {proxy+} must be the last segment of the path"],
    ["GET /items/{id}.json", "must be a whole {variable}"],
    ["GET /items/{}", 'path variable "{}" needs a name'],
    ["GET /items/{1st}", 'path variable "{1st}" needs a name'],
    ["GET /items/{+}", 'path variable "{+}" needs a name'],
    ["GET /a/{id}/b/{id}", "path variable {id} appears twice"],
    ["GET items", 'path "items" must start with /'],
    ["GET /a//b", "has an empty segment"],
    ["GET /a/", "has an empty segment"],
    ["GET /a b", 'path segment "a b" may use letters, digits'],
    ["GET /a*/b", 'path segment "a*" may use letters, digits'],
    ["get /items", "method must be written in capitals: GET"],
    ["FETCH /items", 'method "FETCH" must be one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS'],
    ["/items", 'must be "$default" or "METHOD /path"'],
    ["$DEFAULT", 'must be "$default" or "METHOD /path"'],
    ["", 'must be "$default" or "METHOD /path"'],
  ])("refuses %j: %s", (route, reason) => {
    expect(routeKeyProblem(route)).toContain(reason);
  });
});
