using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// A 50,000-row CSV batch whose database connections are cut (through the proxy) while the write is under way, at
/// two stages of the write (the rows streamed into incidents with COPY; their revisions streamed into the history): after the
/// database is back, the batch is stored wholly or not at all. The retry a client makes after the 503 is shown in
/// <see cref="ServerCrashTests"/>.
/// </summary>
public sealed class BatchOutageTests(ProxiedApiFixture api, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ProxiedApiFixture>
{
    private const int Rows = 50_000;

    [Theory]
    [InlineData("COPY incidents")]
    [InlineData("COPY incident_revisions")]
    public async Task A_batch_cut_off_from_the_database_mid_write_is_stored_wholly_or_not_at_all(string stage)
    {
        var source = "cut-" + stage.Split(' ')[1].Replace('_', '-');
        var client = await api.CreateClientAsAsync(Role.Reporter, "cut-team");
        client.Timeout = TimeSpan.FromMinutes(2);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var upload = client.PostAsync("/api/incidents/batch", FaultData.Csv(source, Rows));

        var seen = await FaultData.WaitForStatementAsync(api.Db, stage, upload, TimeSpan.FromSeconds(60));
        output.WriteLine($"{stage} seen after {sw.ElapsedMilliseconds} ms");
        api.Proxy.Down();
        HttpResponseMessage res;
        try { res = await upload; }
        finally { api.Proxy.Up(); }
        Assert.True(seen, $"the write never reached '{stage}' before it finished ({(int)res.StatusCode})");

        // The connection died under the write: the client is told to retry, never that it succeeded or failed for good.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        Assert.NotNull(res.Headers.RetryAfter);
        Assert.True(await FaultData.WaitHealthyAsync(client, TimeSpan.FromSeconds(20)), "the API did not recover");

        var (incidents, revisions) = await FaultData.CountBySourceAsync(api.Db, source);
        Assert.True(incidents is 0 or Rows, $"{incidents} of {Rows} rows stored after the cut");
        Assert.Equal(incidents, revisions);

        output.WriteLine($"recovered after {sw.ElapsedMilliseconds} ms");
    }
}
