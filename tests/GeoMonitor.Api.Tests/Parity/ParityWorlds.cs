using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;

namespace GeoMonitor.Api.Tests.Parity;

/// <summary>
/// Two APIs started the same way on two databases seeded the same way (the hand-placed layers of
/// <see cref="UploadWorld"/> and keys of the same names): a write asked of one through REST and of the other through
/// GraphQL must leave the two databases equal and answer the same.
/// </summary>
public sealed class ParityWorlds : IAsyncLifetime
{
    /// <summary>The world written through REST.</summary>
    public ParitySide Rest { get; private set; } = null!;

    /// <summary>The world written through GraphQL.</summary>
    public ParitySide GraphQL { get; private set; } = null!;

    /// <summary>Both worlds, for arranging the same state in each.</summary>
    public IEnumerable<ParitySide> Both => [Rest, GraphQL];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Rest = await ParitySide.StartAsync();
        GraphQL = await ParitySide.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Rest.DisposeAsync();
        await GraphQL.DisposeAsync();
    }
}

/// <summary>One of the two worlds: an API, its database, and a client per key.</summary>
public sealed class ParitySide : IAsyncDisposable
{
    /// <summary>
    /// The key names, roles and organisations every world has (null: an organisation named after the key). obs-1 and obs-2
    /// are the members of observer team "west" (organisation "observers", covering zone "team-zone" south of the line);
    /// obs-x is of that organisation but not a member; rev-alpha is a reviewer of the reporter alpha's organisation and
    /// rev-obs one of the verifying team's; rev-1 and rev-2 are independent reviewers.
    /// </summary>
    public static readonly (string Name, Role Role, string? Organisation)[] Keys =
    [
        ("reader", Role.Reader, null), ("alpha", Role.Reporter, null), ("bravo", Role.Reporter, null), ("rev-1", Role.Reviewer, null),
        ("rev-2", Role.Reviewer, null), ("admin", Role.Admin, null), ("obs-1", Role.Reporter, "observers"), ("obs-2", Role.Reporter, "observers"),
        ("obs-x", Role.Reporter, "observers"), ("rev-alpha", Role.Reviewer, "alpha"), ("rev-obs", Role.Reviewer, "observers"),
    ];

    /// <summary>Where team "west" works: zone "team-zone", a box south of the line around (35.5, 33.086).</summary>
    public const double TeamLon = UploadWorld.SouthLon, TeamLat = UploadWorld.SouthLat;

    private readonly Dictionary<string, HttpClient> _clients = [];

    private ParitySide(ApiFixture api) => Api = api;

    /// <summary>The API of this world.</summary>
    public ApiFixture Api { get; }

    /// <summary>Starts a world.</summary>
    public static async Task<ParitySide> StartAsync()
    {
        var side = new ParitySide(await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false }));
        await UploadWorld.SeedAsync(side.Api);
        side._clients["anonymous"] = side.Api.CreateClient();
        foreach (var (name, role, organisation) in Keys) side._clients[name] = await side.Api.CreateClientAsAsync(role, name, organisation);
        await using (var cmd = side.Api.Db.CreateCommand("""
            INSERT INTO zones (slug, name, kind, geom, source)
            VALUES ('team-zone', 'Team zone', 'other', ST_GeomFromText('MULTIPOLYGON(((35.45 33.05, 35.55 33.05, 35.55 33.095, 35.45 33.095, 35.45 33.05)))', 4326), 'parity');
            INSERT INTO observer_teams (slug, name, organisation, zones, members) VALUES ('west', 'West', 'observers', '{team-zone}', '{obs-1,obs-2}');
            """))
            await cmd.ExecuteNonQueryAsync();
        return side;
    }

    /// <summary>The client sending the key of <paramref name="name"/> ("anonymous" sends none).</summary>
    public HttpClient As(string name) => _clients[name];

    /// <summary>A REST request; the answer with the body parsed.</summary>
    public async Task<(int Status, JsonElement Body)> RestAsync(string key, HttpMethod method, string path, JsonNode? body = null,
        string? ifMatch = null, string mediaType = "application/json")
    {
        var req = new HttpRequestMessage(method, path);
        if (body is not null) req.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType);
        if (ifMatch is not null) req.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        var res = await As(key).SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return ((int)res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A GraphQL request; the whole response.</summary>
    public async Task<JsonElement> GraphQLAsync(string key, string query, JsonObject? variables = null)
    {
        var res = await As(key).PostAsJsonAsync("/graphql", new { query, variables });
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Uploads a report through REST (for arranging) and returns the incident's id.</summary>
    public async Task<long> UploadAsync(string key, JsonObject report)
    {
        var (status, body) = await RestAsync(key, HttpMethod.Post, "/api/incidents", report);
        Assert.True(status is 200 or 201, $"arranging an upload: {status} {body}");
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>
    /// The stored state a write may change, without what differs between any two databases (clocks): incidents and their
    /// revisions, the layers and their windows and extensions, notifications, benchmarks and custody, observer teams,
    /// organisations and the hotline's log, as sorted JSON text per table. Of the lifecycle's instants, the length of the
    /// cooling-off is kept.
    /// </summary>
    public async Task<Dictionary<string, string>> StateAsync()
    {
        var tables = new Dictionary<string, string>
        {
            ["incidents"] = """
                SELECT to_jsonb(t) - 'created_at' - 'updated_at' - 'state_entered_at' - 'assigned_at' - 'verified_at' - 'published_at' - 'cooling_off_ends_at'
                       || jsonb_build_object('cooling_off_seconds',
                          CASE WHEN t.status = 'cooling_off' THEN extract(epoch FROM t.cooling_off_ends_at - t.state_entered_at) END)
                FROM incidents t
                """,
            // txid and change_seq are positions in each database's own feed (issue 15): they differ between any two.
            ["incident_revisions"] = "SELECT to_jsonb(t) - 'changed_at' - 'txid' - 'change_seq' || jsonb_build_object('changes', t.changes - 'coolingOffEndsAt') FROM incident_revisions t",
            ["incident_status_history"] = "SELECT to_jsonb(t) FROM incident_status_history t",
            ["observer_teams"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM observer_teams t",
            ["organisations"] = "SELECT to_jsonb(t) - 'created_at' FROM organisations t",
            ["clarifications"] = "SELECT to_jsonb(t) - 'asked_at' - 'answered_at' - 'closed_at' FROM clarifications t",
            ["lines"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM lines t",
            ["zones"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM zones t",
            ["corridors"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM corridors t",
            ["corridor_windows"] = "SELECT to_jsonb(t) FROM corridor_windows t",
            ["truces"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM truces t",
            ["truce_extensions"] = "SELECT to_jsonb(t) - 'recorded_at' FROM truce_extensions t",
            // Truce mechanisms (notifications, benchmarks, custody).
            ["notifications"] = "SELECT to_jsonb(t) - 'filed_at' - 'updated_at' - 'acknowledged_at' - 'withdrawn_at' FROM notifications t",
            ["benchmarks"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM benchmarks t",
            ["benchmark_events"] = "SELECT to_jsonb(t) - 'recorded_at' FROM benchmark_events t",
            ["custody"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM custody t",
            ["line_versions"] = Versions("line_versions"),
            ["zone_versions"] = Versions("zone_versions"),
            ["corridor_versions"] = Versions("corridor_versions"),
            ["truce_versions"] = Versions("truce_versions"),
            ["disputes"] = "SELECT to_jsonb(t) - 'created_at' - 'updated_at' FROM disputes t",
            ["dispute_claims"] = "SELECT to_jsonb(t) - 'id' - 'recorded_at' FROM dispute_claims t",
            ["claim_versions"] = "SELECT to_jsonb(t) - 'vid' - 'txid' - 'change_seq' - 'recorded_from' - 'recorded_to' - 'claimed_at' FROM claim_versions t",
        };
        var state = new Dictionary<string, string>();
        foreach (var (table, sql) in tables)
        {
            // The queries are the constants above, never input.
            await using var cmd = Api.Db.CreateCommand($"SELECT coalesce(string_agg(j::text, E'\\n' ORDER BY j::text), '') FROM ({sql}) s(j)");
            state[table] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        return state;
    }

    // A layer's versions without what differs between two databases: clocks, and positions in each one's feed.
    private static string Versions(string table) =>
        $"SELECT to_jsonb(t) - 'vid' - 'txid' - 'change_seq' - 'recorded_from' - 'recorded_to' - 'created_at' - 'updated_at' FROM {table} t";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        await Api.DisposeAsync();
    }
}

/// <summary>
/// What a surface answered, in one vocabulary: the outcome (ok, or the GraphQL code a REST status corresponds to), the
/// message, the field errors and the values the write returned.
/// </summary>
public sealed record ParityAnswer(string Outcome, string? Message, string Errors, string Value)
{
    private static readonly Regex Instant = new(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", RegexOptions.Compiled);

    /// <summary>The REST answer: 2xx is ok; a problem's status is mapped to the code GraphQL uses for it.</summary>
    public static ParityAnswer FromRest(int status, JsonElement body, Func<JsonElement, JsonNode?> value)
    {
        if (status is >= 200 and < 300) return new("ok", null, "", Text(value(body)));
        var outcome = status switch
        {
            400 or 422 => "BAD_USER_INPUT",
            401 => "UNAUTHENTICATED",
            403 => "FORBIDDEN",
            404 => "NOT_FOUND",
            409 or 412 => "CONFLICT",
            _ => $"HTTP {status}",
        };
        return new(outcome, Clean(body.GetProperty("detail").GetString()), FieldErrors(body.TryGetProperty("errors", out var e) ? e : null), "");
    }

    /// <summary>The GraphQL answer: data is ok; otherwise the first error's code, message and field errors.</summary>
    public static ParityAnswer FromGraphQL(JsonElement response, Func<JsonElement, JsonNode?> value)
    {
        if (!response.TryGetProperty("errors", out var errors)) return new("ok", null, "", Text(value(response.GetProperty("data"))));
        var first = errors[0];
        var ext = first.TryGetProperty("extensions", out var x) ? x : default;
        var code = ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("code", out var c) ? c.GetString()! : "(no code)";
        return new(code, Clean(first.GetProperty("message").GetString()),
            FieldErrors(ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("errors", out var fe) ? fe : null), "");
    }

    // (row, field, message) of each field error, in order.
    private static string FieldErrors(JsonElement? list) => list is not { ValueKind: JsonValueKind.Array } l
        ? ""
        : string.Join("\n", l.EnumerateArray().Select(e =>
            $"{(e.TryGetProperty("row", out var r) ? r.GetRawText() : "-")} | {e.GetProperty("field").GetString()} | {Clean(e.GetProperty("message").GetString())}"));

    // A message names the time a row was last changed; the two worlds' clocks differ.
    private static string? Clean(string? message) => message is null ? null : Instant.Replace(message, "<instant>");

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
