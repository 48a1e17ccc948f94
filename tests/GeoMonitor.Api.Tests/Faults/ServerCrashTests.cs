using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The database server itself is killed (pg_ctl stop -m immediate) while a 50,000-row batch is being written, then
/// started again: crash recovery leaves the batch wholly present or wholly absent, and the API serves again without
/// a restart of its own.
/// </summary>
public sealed class ServerCrashTests(OwnClusterApiFactory api) : IClassFixture<OwnClusterApiFactory>
{
    private const int Rows = 50_000;

    [Fact]
    public async Task A_server_crash_during_a_batch_write_leaves_the_batch_whole_or_absent()
    {
        const string source = "crash-batch";
        var key = await new ApiKeys(api.Db).CreateAsync("crash-team", Role.Reporter);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        client.Timeout = TimeSpan.FromMinutes(2);

        var upload = client.PostAsync("/api/incidents/batch", FaultData.Csv(source, Rows));
        var seen = await FaultData.WaitForStatementAsync(api.Db, "COPY incidents", upload, TimeSpan.FromSeconds(60));
        api.Cluster.Crash();
        HttpResponseMessage res;
        try
        {
            res = await upload;
            Assert.True(seen, $"the write never reached its COPY into incidents before it finished ({(int)res.StatusCode})");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);

            // While the server is down, the API says so.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            api.Cluster.Start();
        }

        Assert.True(await FaultData.WaitHealthyAsync(client, TimeSpan.FromSeconds(30)), "the API did not recover after the server restarted");
        api.Db.Clear(); // the test's own pool lost its connections too
        var (incidents, revisions) = await FaultData.CountBySourceAsync(api.Db, source);
        Assert.True(incidents is 0 or Rows, $"{incidents} of {Rows} rows survived the crash");
        Assert.Equal(incidents, revisions);

        var retry = await client.PostAsync("/api/incidents/batch", FaultData.Csv(source, Rows));
        Assert.True(retry.IsSuccessStatusCode, $"{(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        Assert.Equal((Rows, Rows), await FaultData.CountBySourceAsync(api.Db, source));
    }
}
