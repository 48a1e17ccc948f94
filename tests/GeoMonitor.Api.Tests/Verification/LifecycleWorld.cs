using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// A world for walking the verification lifecycle (no geodata; the API on a socket, for subscriptions): the hand-placed
/// layers of <see cref="UploadWorld"/> (a Blue Line along 33.1°N, zone test-box north of it, a whole-region truce), an
/// observer team "north" of organisation unifil-obs covering test-box, and keys for every relation a caller can have to
/// an incident: the reporter (organisation ngo-x) and a colleague reader, a team member and a non-member of the team's
/// organisation, independent reviewers (mission, mission-2), reviewers of the reporter's and of the team's organisation,
/// an admin (hq), and outsiders (press). A report at <see cref="UploadWorld.NorthLon"/> lies in test-box and is assigned
/// to "north" on upload; one at <see cref="UploadWorld.SouthLon"/> lies in no zone and stays reported.
/// </summary>
public class LifecycleWorld : ApiFixture
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly Dictionary<string, string> _keys = [];
    private bool _seeded;

    /// <summary>The default world: a socket host without geodata.</summary>
    public LifecycleWorld() : this(new ApiHostOptions { LoadGeodata = false, Hosting = Hosting.Socket }) { }

    /// <summary>A world hosted as <paramref name="options"/> say.</summary>
    protected LifecycleWorld(ApiHostOptions options) : base(options) { }

    /// <summary>The keys: name → (role, organisation).</summary>
    public static readonly IReadOnlyDictionary<string, (Role Role, string Organisation)> Keys = new Dictionary<string, (Role, string)>
    {
        ["reporter"] = (Role.Reporter, "ngo-x"),
        ["colleague"] = (Role.Reader, "ngo-x"),
        ["member"] = (Role.Reporter, "unifil-obs"),
        ["non-member"] = (Role.Reporter, "unifil-obs"),
        ["reviewer"] = (Role.Reviewer, "mission"),
        ["reviewer-2"] = (Role.Reviewer, "mission-2"),
        ["reviewer-of-reporter"] = (Role.Reviewer, "ngo-x"),
        ["reviewer-of-team"] = (Role.Reviewer, "unifil-obs"),
        ["admin"] = (Role.Admin, "hq"),
        ["outsider"] = (Role.Reader, "press"),
        ["outsider-reporter"] = (Role.Reporter, "press-2"),
    };

    /// <summary>The observer team covering test-box.</summary>
    public const string Team = "north";

    /// <summary>Seeds the world once (keys are named lw-&lt;key&gt;).</summary>
    public async Task ReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded) return;
            await UploadWorld.SeedAsync(this);
            foreach (var (key, (role, org)) in Keys) _keys[key] = await new ApiKeys(Db).CreateAsync("lw-" + key, role, organisation: org);
            Connect();
            await LifecycleData.TeamAsync(this, Team, "unifil-obs", ["test-box"], ["lw-member"]);
            _seeded = true;
        }
        finally { _gate.Release(); }
    }

    /// <summary>The client of a key ("anonymous" sends none).</summary>
    public HttpClient As(string key) => _clients[key];

    /// <summary>Makes the clients again (after a restart of the API: the keys stay in the database).</summary>
    public void Connect()
    {
        foreach (var c in _clients.Values) c.Dispose();
        _clients.Clear();
        foreach (var (key, secret) in _keys)
        {
            var client = CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
            _clients[key] = client;
        }
        _clients["anonymous"] = CreateClient();
    }

    /// <summary>The secret of a key (for WebSocket subscriptions).</summary>
    public string Secret(string key) => _keys[key];

    /// <summary>Uploads a report as the reporter: in test-box (assigned at once) or in no zone (reported); returns its id.</summary>
    public async Task<long> UploadAsync(bool inTeamZone = true, string? externalId = null, string occurredAt = "2024-12-01T10:00:00Z")
    {
        var report = UploadWorld.Report(externalId, r =>
        {
            r["source"] = "lifecycle";
            r["occurredAt"] = occurredAt;
            if (!inTeamZone) { r["lon"] = UploadWorld.SouthLon; r["lat"] = UploadWorld.SouthLat; }
        });
        var res = await As("reporter").PostAsync("/api/incidents", UploadWorld.Json(report));
        var body = await UploadWorld.BodyAsync(res);
        Assert.True((int)res.StatusCode == 201, body.ToString());
        Assert.Equal(inTeamZone ? "assigned" : "reported", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>POSTs a step's body to /api/incidents/{id}/{step} as <paramref name="key"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(string key, long id, string step, object body) =>
        As(key).PostAsJsonAsync($"/api/incidents/{id}/{step}", body);

    /// <summary>POSTs a step and asserts it succeeded; returns the incident as it now stands.</summary>
    public async Task<JsonElement> StepAsync(string key, long id, string step, object body)
    {
        var res = await PostAsync(key, id, step, body);
        var json = await UploadWorld.BodyAsync(res);
        Assert.True(res.IsSuccessStatusCode, $"{step} as {key}: {(int)res.StatusCode} {json}");
        return json;
    }

    /// <summary>The on-site verification by the team member.</summary>
    public Task<JsonElement> VerifyAsync(long id, string outcome = "verified_on_site") =>
        StepAsync("member", id, "verification", new { outcome, findings = "the team went to the point", evidence = new[] { "photo-1.jpg" } });

    /// <summary>Ends the cooling-off of incident <paramref name="id"/> by moving its stored end a minute into the past.</summary>
    public Task EndCoolingOffAsync(long id) => LifecyclePath.EndCoolingOffAsync(this, id);

    /// <summary>The stored state of an incident.</summary>
    public Task<string> StateAsync(long id) => ScalarAsync<string>("SELECT status FROM incidents WHERE id = $1", id);

    /// <summary>(version, revisions) of an incident: a refused step changes neither.</summary>
    public async Task<(int Version, long Revisions)> MarkAsync(long id) =>
        (await ScalarAsync<int>("SELECT version FROM incidents WHERE id = $1", id),
         await ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1", id));

    /// <summary>A JSON object body.</summary>
    public static StringContent Json(JsonObject o) => UploadWorld.Json(o);
}
