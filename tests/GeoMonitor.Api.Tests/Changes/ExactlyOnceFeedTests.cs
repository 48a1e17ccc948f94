using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using Npgsql;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>
/// The changes feed under concurrent writers: sequence numbers are taken at insert, transaction ids at a transaction's
/// first write, and commits land in neither order. A client that stores the next token and polls must still see every
/// committed change exactly once — incidents written in transactions held open on purpose, transactions that took their
/// id long before writing, rolled-back ones, layer writes through the API — across a restart of the API.
/// </summary>
public sealed class ExactlyOnceFeedTests
{
    private const string Insert = """
        INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, created_by, updated_by)
        VALUES ('feed-test', $1, '2024-12-01T10:00:00Z', ST_SetSRID(ST_MakePoint(35.5, 33.12), 4326), 'Battles', 'Armed clash', $2, 'writer', 'writer')
        RETURNING id
        """;

    private static async Task<long> CreateAsync(NpgsqlConnection c, NpgsqlTransaction tx, string externalId, string status = "reported")
    {
        long id;
        await using (var cmd = new NpgsqlCommand(Insert, c, tx))
        {
            cmd.Parameters.AddWithValue(externalId);
            cmd.Parameters.AddWithValue(status);
            id = (long)(await cmd.ExecuteScalarAsync())!;
        }
        await using var rev = new NpgsqlCommand("INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes) VALUES ($1, 1, 'create', 'writer', '{}')", c, tx);
        rev.Parameters.AddWithValue(id);
        await rev.ExecuteNonQueryAsync();
        return id;
    }

    // A verdict on an incident under independent review, or a correction of one concluded (back to reported: it never had
    // a team), as the lifecycle's table allows (V032); an incident already back at reported is left as it is.
    private static async Task ReviewAsync(NpgsqlConnection c, NpgsqlTransaction tx, long id, string verdict)
    {
        await using var cmd = new NpgsqlCommand("""
            WITH u AS (
              UPDATE incidents SET status = CASE WHEN status = 'under_independent_review' THEN $2 ELSE 'reported' END, version = version + 1
              WHERE id = $1 AND status IN ('under_independent_review', 'published_verified', 'rejected')
              RETURNING version, status)
            INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes)
            SELECT $1, version, CASE WHEN status = 'reported' THEN 'correct' ELSE 'publish' END, 'writer',
                   jsonb_build_object('status', jsonb_build_object('to', status)) FROM u
            """, c, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(verdict);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<ulong> TakeXidAsync(NpgsqlConnection c, NpgsqlTransaction tx)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_current_xact_id()::text", c, tx);
        return ulong.Parse((string)(await cmd.ExecuteScalarAsync())!);
    }

    // Every committed change the feed must serve: incident revisions, re-derivations, layer and claim versions, as (kind, id, version, action).
    private static async Task<HashSet<(string, string, int, string, long)>> CommittedAsync(ApiFixture api)
    {
        var set = new HashSet<(string, string, int, string, long)>();
        await using var cmd = api.Db.CreateCommand("""
            SELECT 'incident', incident_id::text, version, action, change_seq FROM incident_revisions
            UNION ALL SELECT 'incident', incident_id::text, version, 'rederive', change_seq FROM incident_rederivations
            UNION ALL SELECT 'line', slug, version, change, change_seq FROM line_versions
            UNION ALL SELECT 'zone', slug, version, change, change_seq FROM zone_versions
            UNION ALL SELECT 'corridor', slug, version, change, change_seq FROM corridor_versions
            UNION ALL SELECT 'truce', slug, version, change, change_seq FROM truce_versions
            UNION ALL SELECT 'claim', slug, version, change, change_seq FROM claim_versions
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) set.Add((r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt64(4)));
        return set;
    }

    private static void AssertExactlyOnce(FeedClient feed, HashSet<(string, string, int, string, long)> expected)
    {
        var served = feed.Served.Select(FeedClient.Key).ToList();
        var twice = served.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "served more than once: " + string.Join(", ", twice));
        var missing = expected.Except(served).ToList();
        Assert.True(missing.Count == 0, "never served: " + string.Join(", ", missing.Take(20)));
        var unknown = served.Except(expected).ToList();
        Assert.True(unknown.Count == 0, "served but not committed: " + string.Join(", ", unknown.Take(20)));
        // In order: every position after the one before it.
        var positions = feed.Served.Select(c => FeedClient.Position(c.GetProperty("position").GetString()!)).ToList();
        for (var k = 1; k < positions.Count; k++) Assert.True(positions[k].CompareTo(positions[k - 1]) > 0, $"position {k} is not after {k - 1}");
    }

    // Polls the feed until the condition holds (a transaction of another test on the shared cluster can hold the horizon).
    private static async Task UntilAsync(FeedClient feed, Func<bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done() && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (!(await feed.PageAsync(10)).More) await Task.Delay(30);
        }
        Assert.True(done(), "the feed served what was committed within 60 s");
    }

    [Fact]
    public async Task Transactions_committing_out_of_order_are_each_served_once_after_they_commit()
    {
        await using var api = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false });
        // A key that reads every state: every committed change is one it may see.
        var reader = await api.CreateClientAsAsync(Role.Reviewer);
        var feed = new FeedClient(() => reader);
        await feed.DrainAsync(50);

        await using var a = await api.Db.OpenConnectionAsync();
        await using var b = await api.Db.OpenConnectionAsync();
        await using var c = await api.Db.OpenConnectionAsync();
        await using var d = await api.Db.OpenConnectionAsync();
        // A takes its transaction id first and writes last; C writes before D and commits after it.
        await using var ta = await a.BeginTransactionAsync();
        var xa = await TakeXidAsync(a, ta);
        await using (var tb = await b.BeginTransactionAsync()) { await CreateAsync(b, tb, "ooo-b"); await tb.CommitAsync(); }
        await using var tc = await c.BeginTransactionAsync();
        var idc = await CreateAsync(c, tc, "ooo-c");
        await using (var td = await d.BeginTransactionAsync()) { await CreateAsync(d, td, "ooo-d"); await td.CommitAsync(); }

        // The hazard is real: D's change is visible with a higher sequence number than C's, which is not visible yet — a
        // client storing "the highest number seen" would move past C's change for ever.
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM incident_revisions WHERE incident_id = $1", idc));
        var seqD = await api.ScalarAsync<long>("SELECT max(change_seq) FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE i.external_id = 'ooo-d'");

        // While A is open nothing written after it began is served.
        Assert.Equal(0, (await feed.PageAsync(10)).Changes);

        var ida = await CreateAsync(a, ta, "ooo-a");
        await ta.CommitAsync();
        // A (lowest transaction id) and B are served (as soon as no older transaction of the cluster is running); C is
        // still open, so D, whose id is above C's, waits.
        await UntilAsync(feed, () => feed.Served.Count >= 2);
        await feed.DrainAsync(10);
        var afterA = feed.Served.Select(FeedClient.Key).ToList();
        Assert.Contains(afterA, k => k.Kind == "incident" && k.Id == ida.ToString() && k.Version == 1);
        Assert.DoesNotContain(afterA, k => k.Id == idc.ToString());
        Assert.Equal(2, afterA.Count);

        await tc.CommitAsync();
        await UntilAsync(feed, () => feed.Served.Count >= 4);
        AssertExactlyOnce(feed, await CommittedAsync(api));
        // C's change came after D's number had been visible: served all the same.
        var seqOfC = feed.Served.Where(x => x.GetProperty("id").ToString() == idc.ToString())
            .Select(x => FeedClient.Position(x.GetProperty("position").GetString()!).Seq).Single();
        Assert.True(seqOfC < seqD, $"C's sequence number ({seqOfC}) is below D's ({seqD})");
        Assert.True(xa < FeedClient.Position(feed.Served.Last().GetProperty("position").GetString()!).TxId, "A's transaction id came first");
    }

    [Fact]
    public async Task A_polling_client_sees_every_change_of_concurrent_writers_exactly_once_across_a_restart()
    {
        await using var api = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false });
        await UploadWorld.SeedAsync(api);
        // A key that reads every state: every committed change is one it may see.
        var reader = await api.CreateClientAsAsync(Role.Reviewer);
        var admin = await api.CreateClientAsAsync(Role.Admin);
        var feed = new FeedClient(() => reader);
        var random = new Random(20241127);
        var seeds = Enumerable.Range(0, 8).Select(_ => random.Next()).ToArray();
        var rolledBack = new List<string>();
        var heldOpen = 0;
        var restarted = false;
        using var stop = new CancellationTokenSource();

        async Task Writer(int w)
        {
            var rnd = new Random(seeds[w]);
            await using var conn = await api.Db.OpenConnectionAsync();
            var mine = new List<long>();
            for (var k = 0; k < 15; k++)
            {
                await using var tx = await conn.BeginTransactionAsync();
                if (rnd.Next(4) == 0) await TakeXidAsync(conn, tx); // an id taken long before the write
                if (rnd.Next(3) == 0) await Task.Delay(rnd.Next(20, 120));
                if (mine.Count > 0 && rnd.Next(3) == 0) await ReviewAsync(conn, tx, mine[rnd.Next(mine.Count)], rnd.Next(2) == 0 ? "published_verified" : "rejected");
                var ext = $"w{w}-{k}";
                // Imported mid-review (an INSERT may start an incident in any state), so that a verdict can follow.
                var id = await CreateAsync(conn, tx, ext, "under_independent_review");
                if (rnd.Next(4) == 0)
                {
                    Interlocked.Increment(ref heldOpen);
                    await Task.Delay(rnd.Next(100, 400)); // held open after writing: commits after later writers
                }
                if (rnd.Next(10) == 0)
                {
                    await tx.RollbackAsync();
                    lock (rolledBack) rolledBack.Add(ext);
                    continue;
                }
                await tx.CommitAsync();
                mine.Add(id);
            }
        }

        async Task LayerWriter()
        {
            // A zone redrawn through the API again and again: each write is a version, recorded at commit; every other one
            // covers the writers' incidents (at 35.5, 33.12), so their stored zones change too (re-derivations).
            for (var k = 0; k < 6; k++)
            {
                var (w, s) = k % 2 == 0 ? (35.49, 33.11) : (35.3, 33.3);
                var size = 0.02 + k * 0.002;
                var body = new JsonObject
                {
                    ["name"] = "Feed zone", ["kind"] = "other", ["source"] = "feed test",
                    ["geometry"] = JsonNode.Parse(FormattableString.Invariant(
                        $"{{\"type\":\"Polygon\",\"coordinates\":[[[{w},{s}],[{w + size},{s}],[{w + size},{s + size}],[{w},{s + size}],[{w},{s}]]]}}")),
                };
                // Retried while the API restarts (a new process can take seconds to answer on a loaded machine); a write
                // that never lands fails the test rather than thinning the feed it checks.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var last = "no answer";
                while (true)
                {
                    try
                    {
                        var res = await admin.PutAsync("/api/zones/feed-zone", UploadWorld.Json(body));
                        if (res.IsSuccessStatusCode) break;
                        last = $"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}";
                    }
                    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or ObjectDisposedException or TaskCanceledException or IOException)
                    {
                        last = e.GetType().Name;
                    }
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"zone write {k} did not land within 90 s: {last}");
                    await Task.Delay(100);
                }
                await Task.Delay(60);
            }
        }

        async Task Reader()
        {
            while (!stop.IsCancellationRequested)
            {
                await feed.PageAsync(5);
                if (!restarted && feed.Served.Count > 40) await RestartAsync();
                await Task.Delay(15);
            }
        }

        // The stored token survives the API: a new process, the same position.
        async Task RestartAsync()
        {
            restarted = true;
            await api.RestartApiAsync();
            reader = await api.CreateClientAsAsync(Role.Reviewer);
            admin = await api.CreateClientAsAsync(Role.Admin);
        }

        var readerTask = Task.Run(Reader);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() => Writer(w))).Append(Task.Run(LayerWriter)));
        await stop.CancelAsync();
        await readerTask;
        // A transaction of another test on the shared cluster can hold the horizon through all the writes, so that the
        // reader saw too little to restart mid-stream: the restart then comes between the writes and the catch-up.
        if (!restarted) await RestartAsync();

        // Everything committed arrives (a transaction of another test on the shared cluster may hold the horizon a moment).
        var expected = await CommittedAsync(api);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (feed.Served.Count < expected.Count && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (!(await feed.PageAsync(50)).More) await Task.Delay(50);
        }
        Assert.Equal(0, (await feed.PageAsync(50)).Changes);
        AssertExactlyOnce(feed, expected);

        Assert.True(heldOpen > 0 && rolledBack.Count > 0, $"the writers held {heldOpen} transactions open and rolled {rolledBack.Count} back");
        var rolled = await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE external_id = ANY ($1)", (object)rolledBack.ToArray());
        Assert.Equal(0L, rolled);
        Assert.True(expected.Count(e => e.Item1 == "zone") >= 6, "the layer writes are in the feed");
        Assert.Contains(expected, e => e.Item4 == "rederive");
        // The feed's order is not change_seq's: some change came after one with a higher number — a client keeping the
        // highest number seen would have skipped it had it read between the two commits (the first test of this class
        // holds that moment still; here it only shows the writers made the case).
        var highest = long.MinValue;
        var afterHigher = 0;
        foreach (var seq in feed.Served.Select(c => FeedClient.Position(c.GetProperty("position").GetString()!).Seq))
        {
            if (seq < highest) afterHigher++;
            highest = Math.Max(highest, seq);
        }
        Assert.True(afterHigher > 0,
            "some change was served after one with a higher sequence number (the case a sequence cursor misses)");
    }
}
