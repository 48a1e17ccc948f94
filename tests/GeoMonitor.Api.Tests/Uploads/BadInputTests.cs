using System.Net;
using System.Text;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Uploads;

/// <summary>Every kind of bad single report is a problem+json with the right status, and nothing is written.</summary>
public sealed class BadInputTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    private const string Valid = """
        {"source":"t","externalId":"X","occurredAt":"2024-12-01T10:00:00Z","eventType":"Battles","subEventType":"Armed clash","lon":35.5,"lat":33.15}
        """;

    [Theory]
    [InlineData("""{"source":"t",""", "application/json", 400, "malformed-body")]
    [InlineData("""{"source":"t","source":"u"}""", "application/json", 400, "malformed-body")]   // duplicate key
    [InlineData("", "application/json", 400, "empty-body")]
    [InlineData("   \r\n ", "application/json", 400, "empty-body")]
    [InlineData("""{"lon": NaN}""", "application/json", 400, "malformed-body")]
    [InlineData("""{"lon": Infinity}""", "application/json", 400, "malformed-body")]
    [InlineData(Valid, "text/plain", 415, "unsupported-media-type")]
    [InlineData(Valid, null, 415, "unsupported-media-type")]
    [InlineData(Valid, "application/json; charset=iso-8859-1", 415, "unsupported-media-type")]
    [InlineData("[1,2]", "application/json", 422, "invalid-incident")]
    public async Task Unreadable_bodies_are_refused(string body, string? mediaType, int status, string type)
    {
        var before = await CountsAsync(api);
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Raw(body, mediaType));
        await AssertProblem(res, status, type);
        Assert.Equal(before, await CountsAsync(api));
    }

    [Theory]
    [InlineData("fatalities", "\"3\"", "must be a whole number")]
    [InlineData("fatalities", "-1", "negative")]
    [InlineData("fatalities", "2.5", "not a whole number")]
    [InlineData("eventType", "\"Fights\"", "not an ACLED event type")]
    [InlineData("subEventType", "\"Air/drone strike\"", "not a sub-event type of 'Battles'")]
    [InlineData("occurredAt", "\"2024-12-01T10:00:00\"", "no UTC offset")]
    [InlineData("occurredAt", "\"yesterday\"", "not an ISO 8601")]
    [InlineData("occurredAt", "\"2999-01-01T00:00:00Z\"", "in the future")]
    [InlineData("lon", "1e308", "not a position on Earth")]
    [InlineData("lon", "1e400", "not a finite number")]
    [InlineData("lat", "\"33.1\"", "must be a number")]
    [InlineData("timePrecision", "4", "not 1, 2 or 3")]
    [InlineData("fatality", "3", "unknown field")]
    [InlineData("status", "\"verified\"", "set by review")]
    [InlineData("notes", "\"a\\u0000b\"", "NUL")]
    [InlineData("notes", "\"\\ud800\"", "surrogate")]
    [InlineData("mgrs", "\"36S YB 43047 90601\"", "location once")]
    public async Task Invalid_fields_are_422_naming_the_field(string field, string json, string message)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        o.Remove(field);
        // Inserted as raw text: some of these values (NUL, a lone surrogate, 1e400) cannot go through a JsonNode.
        var body = o.ToJsonString()[..^1] + $",\"{field}\":{json}}}";
        var before = await CountsAsync(api);
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Raw(body, "application/json"));
        var p = await AssertProblem(res, 422, "invalid-incident");
        var errors = p.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains(message));
        Assert.Equal(before, await CountsAsync(api));
    }

    [Fact]
    public async Task Every_invalid_field_is_listed_at_once()
    {
        var body = """{"source":"t","externalId":"","occurredAt":"2024-12-01","eventType":"Fights","subEventType":"x","fatalities":-3,"lon":35.5}""";
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Raw(body, "application/json"));
        var p = await AssertProblem(res, 422, "invalid-incident");
        var fields = p.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "externalId", "eventType", "fatalities", "lat" }, fields);
    }

    [Fact]
    public async Task A_point_outside_the_region_is_refused_with_a_swap_hint_when_swapping_helps()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var swapped = Valid.Replace("\"lon\":35.5,\"lat\":33.15", "\"lon\":33.15,\"lat\":35.5");
        var p = await AssertProblem(await client.PostAsync("/api/incidents", Raw(swapped, "application/json")), 422, "invalid-incident");
        Assert.Contains("swapping latitude and longitude", p.GetProperty("errors")[0].GetProperty("message").GetString());

        var paris = Valid.Replace("\"lon\":35.5,\"lat\":33.15", "\"lon\":2.35,\"lat\":48.85");
        p = await AssertProblem(await client.PostAsync("/api/incidents", Raw(paris, "application/json")), 422, "invalid-incident");
        var message = p.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("outside the monitored region", message);
        Assert.DoesNotContain("swapping", message);
    }

    [Fact]
    public async Task A_date_within_the_clock_tolerance_is_accepted()
    {
        var soon = DateTime.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var body = Valid.Replace("2024-12-01T10:00:00Z", soon).Replace("\"X\"", "\"soon\"");
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Raw(body, "application/json"));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
    }

    [Fact]
    public async Task A_byte_order_mark_is_accepted_and_stripped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Valid.Replace("\"X\"", "\"bom\""))).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", content);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal("t", (await BodyAsync(res)).GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var before = await CountsAsync(api);
        var big = Valid.TrimEnd()[..^1] + ",\"notes\":\"" + new string('a', 1_100_000) + "\"}";
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", Raw(big, "application/json"));
        await AssertProblem(res, 413, "payload-too-large");
        Assert.Equal(before, await CountsAsync(api));
    }

    [Fact]
    public async Task An_oversized_body_without_a_length_is_413_while_streaming()
    {
        var big = Encoding.UTF8.GetBytes(Valid.TrimEnd()[..^1] + ",\"notes\":\"" + new string('a', 1_100_000) + "\"}");
        var content = new StreamContent(new NoLengthStream(big));
        content.Headers.ContentType = new("application/json");
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents", content);
        await AssertProblem(res, 413, "payload-too-large");
    }

    internal static async Task<System.Text.Json.JsonElement> AssertProblem(HttpResponseMessage res, int status, string type)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(status == (int)res.StatusCode, $"expected {status}, got {(int)res.StatusCode}: {text}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var p = System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal("https://geomonitor.example/problems/" + type, p.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(p.GetProperty("detail").GetString()));
        return p;
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
