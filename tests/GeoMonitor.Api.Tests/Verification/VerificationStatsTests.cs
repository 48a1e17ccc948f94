using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>An empty world for the metrics (their answers depend on every incident in the database).</summary>
public sealed class StatsWorld() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// GET /api/verification/stats and Query.verificationStats on incidents whose milestones were set by hand, so that the
/// medians and 90th percentiles are known without the code under test (percentile_cont interpolates linearly between
/// ranks: for sorted x₀…xₙ₋₁ the p-quantile is at rank p·(n−1)).
/// </summary>
public sealed class VerificationStatsTests(StatsWorld api) : IClassFixture<StatsWorld>, IAsyncLifetime
{
    private static bool _seeded;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_seeded) return;
            await LifecycleData.TeamAsync(api, "t1", "o1", [], []);
            await LifecycleData.TeamAsync(api, "t2", "o2", [], []);
            await using (var cmd = api.Db.CreateCommand("""
                INSERT INTO truces (slug, name, during, source) VALUES ('s-truce', 'Stats truce', '[2025-03-01T00:00:00Z,2025-04-01T00:00:00Z)', 'test')
                """))
                await cmd.ExecuteNonQueryAsync();
            // (team, reported at, minutes to assignment, hours to verification, hours to publication; null = not reached)
            var rows = new (string? Team, string Created, int? Assign, int? Verify, int? Publish)[]
            {
                ("t1", "2025-03-10T00:00:00Z", 60, 2, 26),
                ("t1", "2025-03-10T00:00:00Z", 120, 4, 30),
                ("t1", "2025-03-10T00:00:00Z", 180, 6, 50),
                ("t1", "2025-03-10T00:00:00Z", 240, 8, null),
                ("t2", "2025-06-10T00:00:00Z", 10, null, null),
                ("t2", "2025-06-10T00:00:00Z", 30, null, null),
                (null, "2025-03-10T00:00:00Z", null, null, null),
            };
            var n = 0;
            foreach (var (team, created, assign, verify, publish) in rows)
            {
                var id = await LifecycleData.InsertAsync(api, "stats", $"s-{n++}", team is null ? "reported" : "assigned", team: team,
                    occurredAt: DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture).AddHours(-1));
                await using var set = api.Db.CreateCommand("""
                    UPDATE incidents SET created_at = $2::timestamptz,
                      assigned_at = $2::timestamptz + make_interval(mins => $3), verified_at = $2::timestamptz + make_interval(hours => $4),
                      published_at = $2::timestamptz + make_interval(hours => $5)
                    WHERE id = $1
                    """);
                set.Parameters.AddWithValue(id);
                set.Parameters.AddWithValue(DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
                foreach (var v in new[] { assign, verify, publish })
                    set.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)v ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
                await set.ExecuteNonQueryAsync();
            }
            _seeded = true;
        }
        finally { Gate.Release(); }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static (long Count, double? Median, double? P90) D(JsonElement d) => (d.GetProperty("count").GetInt64(),
        d.GetProperty("medianSeconds").ValueKind == JsonValueKind.Null ? null : d.GetProperty("medianSeconds").GetDouble(),
        d.GetProperty("p90Seconds").ValueKind == JsonValueKind.Null ? null : d.GetProperty("p90Seconds").GetDouble());

    [Fact]
    public async Task Medians_and_90th_percentiles_per_team_and_per_truce_are_the_hand_computed_ones()
    {
        var reader = await api.CreateClientAsAsync(Role.Reader);
        var stats = JsonDocument.Parse(await reader.GetStringAsync("/api/verification/stats")).RootElement;

        // All 7: assignment after 10, 30, 60, 120, 180, 240 min → median (60 + 120) / 2 = 90 min; p90 at rank 4.5 = 210 min.
        var all = stats.GetProperty("all");
        Assert.Equal(7, all.GetProperty("incidents").GetInt64());
        Assert.Equal((6L, 5400.0, 12600.0), D(all.GetProperty("toAssignment")));
        // Verification after 2, 4, 6, 8 h → median 5 h; p90 at rank 2.7 = 6 h + 0.7 × 2 h = 7.4 h.
        Assert.Equal((4L, 18000.0, 26640.0), D(all.GetProperty("toVerification")));
        // Publication after 26, 30, 50 h → median 30 h; p90 at rank 1.8 = 30 h + 0.8 × 20 h = 46 h.
        Assert.Equal((3L, 108000.0, 165600.0), D(all.GetProperty("toPublication")));

        var t1 = stats.GetProperty("byTeam").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "t1");
        // 60, 120, 180, 240 min → median 150 min; p90 at rank 2.7 = 180 + 0.7 × 60 = 222 min.
        Assert.Equal((4L, 9000.0, 13320.0), D(t1.GetProperty("toAssignment")));
        var t2 = stats.GetProperty("byTeam").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "t2");
        // 10, 30 min → median 20 min; p90 at rank 0.9 = 10 + 0.9 × 20 = 28 min. Never verified.
        Assert.Equal((2L, 1200.0, 1680.0), D(t2.GetProperty("toAssignment")));
        Assert.Equal((0L, null, null), D(t2.GetProperty("toVerification")));

        // The truce covers the five reported in March (t1's four and the unassigned one).
        var truce = Assert.Single(stats.GetProperty("byTruce").EnumerateArray());
        Assert.Equal("s-truce", truce.GetProperty("key").GetString());
        Assert.Equal(5, truce.GetProperty("incidents").GetInt64());
        Assert.Equal((4L, 9000.0, 13320.0), D(truce.GetProperty("toAssignment")));

        // Narrowed by the report's time and by team; the same through GraphQL.
        var june = JsonDocument.Parse(await reader.GetStringAsync("/api/verification/stats?from=2025-06-01&to=2025-07-01")).RootElement;
        Assert.Equal(2, june.GetProperty("all").GetProperty("incidents").GetInt64());
        Assert.Equal(4, JsonDocument.Parse(await reader.GetStringAsync("/api/verification/stats?team=t1")).RootElement.GetProperty("all").GetProperty("incidents").GetInt64());
        var gql = (await reader.Data("""
            { verificationStats(truce: "s-truce") { all { incidents toAssignment { count medianSeconds p90Seconds } }
                                                    byTeam { key toVerification { medianSeconds p90Seconds } } } }
            """)).GetProperty("verificationStats");
        Assert.Equal(5, gql.GetProperty("all").GetProperty("incidents").GetInt64());
        Assert.Equal((4L, 9000.0, 13320.0), D(gql.GetProperty("all").GetProperty("toAssignment")));
        Assert.Equal(18000.0, gql.GetProperty("byTeam")[0].GetProperty("toVerification").GetProperty("medianSeconds").GetDouble());

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/api/verification/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/verification/stats?from=2025-07-01&to=2025-06-01")).StatusCode);
    }
}
