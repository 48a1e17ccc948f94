using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using static GeoMonitor.Api.Tests.BadInput.Bodies;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// Malformed GraphQL documents, variables and HTTP requests to /graphql. Each must get a GraphQL error response (or a
/// 4xx problem when the HTTP request itself is unreadable); none may run a resolver that writes.
/// </summary>
public static class GraphQLCases
{
    private const string Path = "/graphql";

    /// <summary>All GraphQL cases.</summary>
    public static IEnumerable<BadCase> All()
    {
        var documents = new (string Name, Func<string> Query)[]
        {
            ("nesting-10000-selections", () => "{" + Nest("zones{", "slug", "}", 10_000) + "}"),
            ("nesting-10000-list-literal", () => "{ zones(kind: " + Nest("[", "BUFFER", "]", 10_000) + ") { slug } }"),
            ("nesting-10000-object-literal", () => "{ incidents(filter: " + Nest("{zone:", "\"x\"", "}", 10_000) + ") { totalCount } }"),
            ("nesting-10000-parentheses", () => "{ zones" + new string('(', 10_000) + " }"),
            ("nesting-10000-inline-fragments", () => "{" + Nest("... on Query {", "__typename", "}", 10_000) + "}"),
            // __schema 1, types 2, fields 3, type 4, eleven ofType 5–15, name 16: one over the limit of 15.
            ("depth-16", () => "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 11)) + "name" + new string('}', 15) + " }"),
            ("unterminated-string", () => "{ zone(slug: \"abc) { slug } }"),
            ("unterminated-block-string", () => "{ zone(slug: \"\"\"abc) { slug } }"),
            ("unterminated-selection", () => "{ zones { slug "),
            ("lone-brace", () => "{"),
            ("empty-document", () => ""),
            ("only-comment", () => "# nothing here"),
            ("unknown-field", () => "{ frobnicate }"),
            ("unknown-argument", () => "{ zones(colour: RED) { slug } }"),
            ("missing-selection", () => "{ zones }"),
            ("scalar-with-selection", () => "{ lines { slug { x } } }"),
            ("wrong-argument-type", () => "{ zone(slug: 42) { slug } }"),
            ("missing-required-argument", () => "{ zone { slug } }"),
            ("bad-enum", () => "{ zones(kind: NOT_A_KIND) { slug } }"),
            ("bad-datetime", () => "{ zones(activeAt: \"yesterday\") { slug } }"),
            ("longitude-out-of-range", () => "{ locate(lon: 181, lat: 33.2) { zones { slug } } }"),
            ("latitude-nan-string", () => "{ locate(lon: 35.5, lat: \"NaN\") { zones { slug } } }"),
            ("page-size-too-big", () => "{ incidents(first: 100000) { totalCount } }"),
            ("page-size-negative", () => "{ incidents(first: -1) { totalCount } }"),
            ("bad-cursor", () => "{ incidents(after: \"garbage\") { totalCount } }"),
            ("int-overflow", () => "{ incidents(first: 99999999999999999999) { totalCount } }"),
            ("fragment-cycle", () => "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
            ("fragment-self-cycle", () => "query { ...A } fragment A on Query { zones { slug } ...A }"),
            ("unknown-fragment", () => "{ ...Nope }"),
            ("unused-fragment", () => "{ lines { slug } } fragment F on Query { lines { slug } }"),
            ("two-anonymous-operations", () => "{ lines { slug } } { zones { slug } }"),
            ("duplicate-operation-names", () => "query A { lines { slug } } query A { zones { slug } }"),
            ("undefined-variable", () => "{ zone(slug: $s) { slug } }"),
            ("unused-variable", () => "query($s: String) { lines { slug } }"),
            ("unknown-directive", () => "{ lines @frobnicate { slug } }"),
            ("directive-wrong-place", () => "query @skip(if: true) { lines { slug } }"),
            ("subscription-unsupported", () => "subscription { incidentAdded { id } }"),
            ("type-definition-in-request", () => "type Foo { a: Int } { lines { slug } }"),
            ("100k-aliases", () => "{" + string.Join(" ", Enumerable.Range(0, 100_000).Select(i => $"a{i}: __typename")) + "}"),
            ("20k-fields-over-tokens", () => "{" + string.Join(" ", Enumerable.Repeat("__typename", 20_000)) + "}"),
            ("cost-over-limit", () => "{ incidents(first: 1000) { edges { node { zones { slug incidents(first: 1000) { edges { node { id } } } } } } } }"),
            ("huge-string-literal", () => "{ zone(slug: \"" + new string('x', 5 << 20) + "\") { slug } }"),
            ("invalid-character", () => "{ lines { slug \u0007 } }"),
            ("bad-escape-in-string", () => "{ zone(slug: \"\\q\") { slug } }"),
            ("lone-surrogate-escape", () => "{ zone(slug: \"\\ud800\") { slug } }"),
            ("mutation-without-input", () => "mutation { reportIncident { created } }"),
            ("mutation-bad-input", () => "mutation { reportIncident(input: {source: \"bad-input\"}) { created } }"),
            ("mutation-wrong-input-types", () => "mutation { reportIncident(input: {source: 1, externalId: 2, occurredAt: 3, eventType: 4, subEventType: 5, lon: \"a\", lat: \"b\"}) { created } }"),
            ("mutation-unknown-operation-name", () => "mutation M { reportIncident(input: {source: \"x\"}) { created } }"),
        };
        foreach (var (name, query) in documents)
            yield return Gql($"graphql/document/{name}", () => JsonBody(new { query = query() }));

        // Variables: wrong shapes and types, deep JSON, values that coerce badly.
        const string withVar = "query($s: String!) { zone(slug: $s) { slug } }";
        const string withFilter = "query($f: IncidentFilter) { incidents(filter: $f) { totalCount } }";
        const string report = "mutation($i: IncidentReportInput!) { reportIncident(input: $i) { created } }";
        foreach (var (name, body) in (ValueTuple<string, Func<string>>[])[
                     ("variables-string", () => $"{{\"query\":{Q(withVar)},\"variables\":\"s=1\"}}"),
                     ("variables-array", () => $"{{\"query\":{Q(withVar)},\"variables\":[1]}}"),
                     ("variable-missing", () => $"{{\"query\":{Q(withVar)},\"variables\":{{}}}}"),
                     ("variable-null-for-non-null", () => $"{{\"query\":{Q(withVar)},\"variables\":{{\"s\":null}}}}"),
                     ("variable-wrong-type", () => $"{{\"query\":{Q(withVar)},\"variables\":{{\"s\":{{\"a\":1}}}}}}"),
                     ("variable-nesting-10000", () => $"{{\"query\":{Q(withFilter)},\"variables\":{{\"f\":{Nest("{\"zone\":", "\"x\"", "}", 10_000)}}}}}"),
                     ("variable-unknown-filter-member", () => $"{{\"query\":{Q(withFilter)},\"variables\":{{\"f\":{{\"colour\":\"red\"}}}}}}"),
                     ("variable-huge-list", () => $"{{\"query\":{Q(withFilter)},\"variables\":{{\"f\":{{\"eventTypes\":[{string.Join(",", Enumerable.Repeat("\"Battles\"", 200_000))}]}}}}}}"),
                     ("mutation-input-missing-fields", () => $"{{\"query\":{Q(report)},\"variables\":{{\"i\":{{\"source\":\"bad-input\"}}}}}}"),
                     ("mutation-input-nan-string", () => $"{{\"query\":{Q(report)},\"variables\":{{\"i\":" + ValidReport.Replace("35.5", "\"NaN\"") + "}}"),
                     ("mutation-input-polygon-1m", () => $"{{\"query\":{Q(report)},\"variables\":{{\"i\":" + ValidReport.Replace("\"lon\":35.5", "\"lon\":" + PolygonRing(200_000)) + "}}"),
                     ("mutation-batch-100001", () => "{\"query\":" + Q("mutation($i: [IncidentReportInput!]!) { reportIncidents(inputs: $i) { created } }")
                         + ",\"variables\":{\"i\":[" + string.Join(",", Enumerable.Repeat(ValidReport, 100_001)) + "]}}"),
                     ("query-not-string", () => "{\"query\":42}"),
                     ("query-missing", () => "{\"variables\":{}}"),
                     ("operation-name-not-string", () => $"{{\"query\":{Q(withVar)},\"operationName\":5}}"),
                     ("operation-name-unknown", () => $"{{\"query\":{Q("query A { lines { slug } }")},\"operationName\":\"B\"}}"),
                     ("extensions-not-object", () => $"{{\"query\":{Q("{ lines { slug } }")},\"extensions\":\"x\"}}"),
                     ("body-array", () => "[{\"query\":\"{ lines { slug } }\"}]"),
                     ("body-string", () => "\"{ lines { slug } }\""),
                     ("body-unterminated", () => "{\"query\":\"{ lines { slug } }"),
                     ("body-nan", () => "{\"query\":\"{ lines { slug } }\",\"variables\":{\"x\":NaN}}"),
                     ("body-nesting-10000", () => Nest("{\"a\":", "1", "}", 10_000)),
                     ("body-empty", () => ""),
                 ])
            yield return Gql($"graphql/request/{name}", () => Bodies.Text(body(), "application/json"));

        foreach (var (name, bytes) in BodyCases.InvalidUtf8.Take(5))
            yield return Gql($"graphql/request/invalid-utf8/{name}", () => Spliced("{\"query\":\"{ zone(slug: \\\"a@@b\\\") { slug } }\"}", bytes, "application/json"));
        foreach (var (name, type) in (ValueTuple<string, string?>[])[("none", null), ("text-plain", "text/plain"), ("form", "application/x-www-form-urlencoded"), ("xml", "application/xml")])
            yield return Gql($"graphql/request/media-type/{name}", () => Bodies.Text("{\"query\":\"{ lines { slug } }\"}", type));
        yield return Gql("graphql/request/streamed-70mb", () => Stream("{\"query\":\"", (byte)'x', 70L << 20, "application/json"));

        // GET: a mutation may not run over GET, and the query string is read as strictly as a body.
        yield return Get("graphql/get/mutation", "/graphql?query=" + Uri.EscapeDataString("mutation { reportIncident(input: {source: \"x\"}) { created } }"));
        yield return Get("graphql/get/missing-query", "/graphql?foo=1");
        yield return Get("graphql/get/variables-not-json", "/graphql?query=" + Uri.EscapeDataString(withVar) + "&variables=%7Bnot-json");
        yield return Get("graphql/get/nesting-10000", "/graphql?query=" + Uri.EscapeDataString("{" + Nest("zones{", "slug", "}", 10_000) + "}"));
    }

    private static string Q(string query) => JsonSerializer.Serialize(query);

    private static HttpContent JsonBody(object o) => new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(o)) { Headers = { ContentType = new("application/json") } };

    private static BadCase Gql(string name, Func<HttpContent> body) => new(name, "POST", Path, body, Role.Reporter, Refusal.GraphQL);

    private static BadCase Get(string name, string path) => new(name, "GET", path, null, Role.Reporter, Refusal.GraphQL,
        new Dictionary<string, string> { ["Accept"] = "application/graphql-response+json, application/json" });
}
