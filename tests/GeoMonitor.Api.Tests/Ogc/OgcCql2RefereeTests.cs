using System.Diagnostics;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>
/// A second CQL2 implementation as referee: cql2-rs (cql2-wasm from npm, installed into tests/cql2-referee by
/// scripts/prereqs.sh test) parses every expression the server is asked, its CQL2 JSON is sent back to the server as
/// filter-lang=cql2-json (so our JSON reader is checked against an independent text parser), and where cql2-rs can
/// evaluate the expression itself (cql2-rs 0.5 cannot yet evaluate LIKE, BBOX or open intervals) it picks the matching
/// features from the same GeoJSON the server served: the ids must agree.
/// </summary>
public sealed class OgcCql2RefereeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Source = "cql-referee";
    private const string P = "POLYGON((35.4 33.1, 35.6 33.1, 35.6 33.3, 35.4 33.3, 35.4 33.1))";
    private static readonly Dictionary<ApiFixture, Task> Placed = [];

    /// <summary>Expressions cql2-rs evaluates, with the letters of the hand-placed incidents they select (see <see cref="PlaceAsync"/>).</summary>
    private static readonly (string Text, string Expected)[] Evaluated =
    [
        ("eventType = 'Battles'", "AC"),
        ("fatalities >= 3", "AC"),
        ("fatalities BETWEEN 1 AND 3", "AD"),
        ("eventType IN ('Protests', 'Explosions/Remote violence')", "BD"),
        ("actor1 IS NULL", "BCD"),
        ("NOT (eventType = 'Battles')", "BD"),
        ("eventType = 'Battles' AND (fatalities > 5 OR actor1 = 'Hezbollah')", "AC"),
        ($"S_INTERSECTS(geometry, {P})", "ABC"),
        ($"S_WITHIN(geometry, {P})", "AB"),
        ($"S_DISJOINT(geometry, {P})", "D"),
        ($"S_TOUCHES(geometry, {P})", "C"),
        ("S_EQUALS(geometry, POINT(35.5 33.2))", "A"),
        ("T_INTERSECTS(occurredAt, INTERVAL('2024-03-15T00:00:00Z', '2024-03-20T08:30:00Z'))", "BC"),
        ("T_DURING(occurredAt, INTERVAL('2024-03-15T00:00:00Z', '2024-04-01T00:00:00Z'))", "C"),
        ("T_BEFORE(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "A"),
        ("T_AFTER(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "CD"),
        ("T_EQUALS(occurredAt, TIMESTAMP('2024-03-15T00:00:00Z'))", "B"),
        ("T_DISJOINT(occurredAt, INTERVAL('2024-03-11T00:00:00Z', '2024-03-31T00:00:00Z'))", "AD"),
        ("occurredAt < TIMESTAMP('2024-03-15T00:00:00Z')", "A"),
    ];

    /// <summary>Expressions cql2-rs parses but cannot evaluate: checked through its JSON and the known answer.</summary>
    private static readonly (string Text, string Expected)[] ParsedOnly =
    [
        // Not notes LIKE …: cql2-rs 0.5 reads the "not" of "notes" as the keyword NOT (the server reads it as the property).
        ("actor1 LIKE 'Hez%'", "A"),
        ("S_INTERSECTS(geometry, BBOX(35.4, 33.1, 35.6, 33.3))", "ABC"),
        ("T_INTERSECTS(occurredAt, INTERVAL('2024-03-20T00:00:00Z', '..'))", "CD"),
    ];

    // The drawing of OgcFilterTests: A, B inside P, C on its east edge, D outside; E (reported) is not served anonymously.
    private Task PlaceAsync()
    {
        lock (Placed)
        {
            if (!Placed.TryGetValue(api, out var task)) Placed[api] = task = Insert();
            return task;
        }

        async Task Insert()
        {
            var a = await HandPlaced.InsertAsync(api, Source, "A", 35.50, 33.20, At("2024-03-10T12:00:00Z"), fatalities: 3);
            await HandPlaced.InsertAsync(api, Source, "B", 35.45, 33.25, At("2024-03-15T00:00:00Z"),
                eventType: "Explosions/Remote violence", subEventType: "Shelling/artillery/missile attack");
            await HandPlaced.InsertAsync(api, Source, "C", 35.60, 33.20, At("2024-03-20T08:30:00Z"), fatalities: 7);
            await HandPlaced.InsertAsync(api, Source, "D", 35.70, 33.20, At("2024-04-01T00:00:00Z"),
                eventType: "Protests", subEventType: "Peaceful protest", fatalities: 1);
            await HandPlaced.InsertAsync(api, Source, "E", 35.50, 33.05, At("2024-02-28T23:59:59Z"), status: "reported", fatalities: 2);
            await using var cmd = api.Db.CreateCommand("UPDATE incidents SET actor1 = 'Hezbollah', notes = 'shelling near the river' WHERE id = $1");
            cmd.Parameters.AddWithValue(a);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static DateTimeOffset At(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Verdict(string Text, string? Json, string? ParseError, HashSet<long>? Matches, string? EvalError);

    private static async Task<List<Verdict>> Referee(IEnumerable<string> expressions, JsonElement features)
    {
        var dir = Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "tests", "cql2-referee");
        Assert.True(File.Exists(Path.Combine(dir, "node_modules", "cql2-wasm", "cql2_wasm_bg.wasm")),
            "cql2-wasm is not installed in tests/cql2-referee: run scripts/prereqs.sh test");
        var psi = new ProcessStartInfo("node", [Path.Combine(dir, "referee.mjs")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(JsonSerializer.Serialize(new { expressions, features }));
        p.StandardInput.Close();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "referee: " + stderr);
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(r => new Verdict(
            r.GetProperty("text").GetString()!,
            r.TryGetProperty("json", out var j) ? j.GetString() : null,
            r.TryGetProperty("parseError", out var pe) ? pe.GetString() : null,
            r.TryGetProperty("matches", out var m) ? m.EnumerateArray().Select(x => x.GetInt64()).ToHashSet() : null,
            r.TryGetProperty("evalError", out var ee) ? ee.GetString() : null))];
    }

    private async Task<JsonElement> Items(string query)
    {
        var res = await api.CreateClient().GetAsync($"/ogc/collections/incidents/items?limit=1000&source={Source}&{query}");
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{query}: {(int)res.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static HashSet<long> Ids(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];

    [Fact]
    public async Task Cql2_rs_parses_every_expression_and_agrees_with_the_server_on_the_matches()
    {
        await PlaceAsync();
        var all = await Items("");
        var letterOf = all.GetProperty("features").EnumerateArray().ToDictionary(
            f => f.GetProperty("id").GetInt64(), f => f.GetProperty("properties").GetProperty("externalId").GetString()!);
        Assert.Equal("ABCD", string.Concat(letterOf.Values.Order()));
        string Letters(IEnumerable<long> ids) => string.Concat(ids.Select(i => letterOf[i]).Order());

        var verdicts = await Referee([.. Evaluated.Select(e => e.Text), .. ParsedOnly.Select(e => e.Text)], all.GetProperty("features"));
        foreach (var (text, expected) in Evaluated.Concat(ParsedOnly))
        {
            var v = verdicts.Single(x => x.Text == text);
            Assert.True(v.Json is not null, $"cql2-rs could not parse {text}: {v.ParseError}");
            var fromText = Ids(await Items("filter=" + Uri.EscapeDataString(text)));
            var fromRefereeJson = Ids(await Items($"filter-lang=cql2-json&filter={Uri.EscapeDataString(v.Json!)}"));
            Assert.True(expected == Letters(fromText), $"{text}: the server selected {Letters(fromText)}, the drawing says {expected}");
            Assert.True(expected == Letters(fromRefereeJson), $"{v.Json} (cql2-rs's JSON of {text}): the server selected {Letters(fromRefereeJson)}");
            if (Evaluated.Any(e => e.Text == text))
            {
                Assert.True(v.Matches is not null, $"cql2-rs could not evaluate {text}: {v.EvalError}");
                Assert.True(expected == Letters(v.Matches!), $"{text}: cql2-rs selected {Letters(v.Matches!)}, the server {Letters(fromText)}");
            }
        }
    }

    [Fact]
    public async Task Where_cql2_rs_finds_a_syntax_error_the_server_names_the_same_position()
    {
        // cql2-rs 0.5 reads a leading complete predicate and ignores what follows, so the cases are parenthesised.
        string[] bad = ["(eventType = 'Battles' AND)", "(fatalities >> 3)", "(S_INTERSECTS(geometry, POINT(35 33))", "(fatalities > 1", "(eventType IN ())"];
        var verdicts = await Referee(bad, JsonDocument.Parse("[]").RootElement);
        foreach (var text in bad)
        {
            var error = verdicts.Single(x => x.Text == text).ParseError;
            Assert.True(error is not null, $"cql2-rs accepted {text}");
            // pest's "--> line:column", 1-based.
            var column = int.Parse(System.Text.RegularExpressions.Regex.Match(error!, @"--> 1:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var res = await api.CreateClient().GetAsync($"/ogc/collections/incidents/items?filter={Uri.EscapeDataString(text)}");
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, res.StatusCode);
            Assert.Equal(column - 1, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("position").GetInt32());
        }
    }
}
