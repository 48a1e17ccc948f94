using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Uploads;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>
/// A database restored from a dump of a server that had handed out more transaction ids than this one: its stored
/// positions lie beyond this server's next id. At start the API rebases them (V054): the whole history is served again,
/// once, before the changes made since, and tokens issued before are refused with "start again".
/// </summary>
public sealed class FeedRebaseTests
{
    [Fact]
    public async Task Positions_from_another_server_are_rebased_at_start_and_old_tokens_are_refused()
    {
        await using var api = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false });
        await SeedAsync(api);
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        for (var k = 0; k < 3; k++) Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsync("/api/incidents", Json(Report("rebase-" + k)))).StatusCode);
        // A key that reads every state: the new reports, held for verification, are in its feed.
        var reader = await api.CreateClientAsAsync(Role.Reviewer);
        var old = new FeedClient(() => reader);
        await ApiFixture.WaitForAsync(async () => { await old.DrainAsync(100); return old.Served.Count >= 6; }); // 3 layers + 3 incidents

        // What a dump of a busier server looks like once restored here: positions beyond this server's next transaction id.
        await using (var cmd = api.Db.CreateCommand("""
            DO $$ DECLARE t text; BEGIN
              FOREACH t IN ARRAY ARRAY['incident_revisions', 'line_versions', 'zone_versions', 'truce_versions'] LOOP
                EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
                EXECUTE format('UPDATE %I SET txid = (txid::text::numeric + 4000000000)::text::xid8', t);
                EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
              END LOOP;
            END $$
            """)) await cmd.ExecuteNonQueryAsync();
        await api.RestartApiAsync();
        reader = await api.CreateClientAsAsync(Role.Reviewer);
        reporter = await api.CreateClientAsAsync(Role.Reporter);

        var res = await reader.GetAsync("/api/changes?since=" + Uri.EscapeDataString(old.Token!));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.EndsWith("/expired-token", (await BodyAsync(res)).GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsync("/api/incidents", Json(Report("rebase-after")))).StatusCode);
        var fresh = new FeedClient(() => reader);
        await ApiFixture.WaitForAsync(async () => { await fresh.DrainAsync(100); return fresh.Served.Count >= 7; });
        var keys = fresh.Served.Select(FeedClient.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(old.Served.Select(c => (FeedClient.Key(c).Kind, FeedClient.Key(c).Id, FeedClient.Key(c).Version)),
            fresh.Served.Take(6).Select(c => (FeedClient.Key(c).Kind, FeedClient.Key(c).Id, FeedClient.Key(c).Version)));
        Assert.Equal("rebase-after", fresh.Served[6].GetProperty("incident").ValueKind == System.Text.Json.JsonValueKind.Object
            ? fresh.Served[6].GetProperty("incident").GetProperty("properties").GetProperty("externalId").GetString() : null);
    }
}
