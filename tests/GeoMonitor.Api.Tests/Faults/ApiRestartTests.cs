using System.Collections.Concurrent;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// The API host is torn down while clients are uploading (single reports and 20-row batches), and a new host is started
/// on the same database: every upload that was acknowledged with a 2xx is stored, and every batch is whole or absent.
/// </summary>
public sealed class ApiRestartTests
{
    private const string Source = "restart-test";
    private const int BatchSize = 20;

    [Fact]
    public async Task Acknowledged_uploads_survive_a_restart_of_the_api_mid_flight()
    {
        await using var host = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false });
        var key = await new ApiKeys(host.Db).CreateAsync("restart-team", Role.Reporter);

        var acked = new ConcurrentDictionary<string, long>();
        var batches = new ConcurrentBag<string[]>();
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    if (w % 2 == 0)
                    {
                        var id = $"w{w}-{i}";
                        var res = await client.PostAsync("/api/incidents", FaultData.Report(Source, id));
                        if (res.IsSuccessStatusCode)
                            acked[id] = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
                    }
                    else
                    {
                        var ids = Enumerable.Range(0, BatchSize).Select(k => $"w{w}-{i}-{k}").ToArray();
                        batches.Add(ids);
                        var res = await client.PostAsync("/api/incidents/batch", FaultData.Batch(Source, ids));
                        if (res.IsSuccessStatusCode)
                            foreach (var item in JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray())
                                acked[ids[item.GetProperty("row").GetInt32() - 1]] = item.GetProperty("id").GetInt64();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The host went away under this request: it was not acknowledged, and this worker is done.
                    failures.Add(e.GetType().Name);
                    return;
                }
            }
        })).ToArray();

        // Let the uploads run, then pull the host out from under them.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (acked.Count < 200 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var disposing = host.StopApiAsync();
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(workers);
        await disposing;
        Assert.True(acked.Count >= 200, $"only {acked.Count} uploads were acknowledged before the restart");

        await host.RestartApiAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);

        var stored = new Dictionary<string, long>();
        await using (var cmd = host.Db.CreateCommand("SELECT external_id, id FROM incidents WHERE source = $1"))
        {
            cmd.Parameters.AddWithValue(Source);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stored[r.GetString(0)] = r.GetInt64(1);
        }
        var lost = acked.Where(a => !stored.TryGetValue(a.Key, out var id) || id != a.Value).Select(a => a.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged uploads are missing after the restart: {string.Join(", ", lost.Take(10))}");
        foreach (var ids in batches)
        {
            var n = ids.Count(stored.ContainsKey);
            Assert.True(n is 0 or BatchSize, $"batch {ids[0]}… is partly stored ({n} of {BatchSize})");
        }
        Assert.Equal((long)stored.Count, (await FaultData.CountBySourceAsync(host.Db, Source)).Revisions);

        // The new host serves what the old one acknowledged.
        var some = acked.First();
        Assert.True((await client.GetAsync($"/api/incidents/{some.Value}")).IsSuccessStatusCode);
    }
}
