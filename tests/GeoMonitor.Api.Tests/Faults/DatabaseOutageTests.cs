using System.Net;
using System.Net.Http.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>The API on a database reached through a proxy the test can cut.</summary>
public sealed class ProxiedApiFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false, Proxy = true });

public sealed class DatabaseOutageTests(ProxiedApiFixture api) : IClassFixture<ProxiedApiFixture>
{
    [Fact]
    public async Task While_the_database_is_down_writes_get_503_with_retry_after_and_the_api_recovers_by_itself()
    {
        // The key is created directly (not through the proxy) before the outage.
        var client = await api.CreateClientAsAsync(Role.Reporter, "outage-team");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM incidents");

        api.Proxy.Down();
        try
        {
            var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

            var write = await client.PostAsJsonAsync("/api/incidents", Report("outage-1"));
            // Even the key check needs the database: the request is refused as a whole with 503, never 401 or 500.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            Assert.True(write.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        }
        finally
        {
            api.Proxy.Up();
        }

        // Recovery needs no restart: the pool opens fresh connections once the database answers.
        HttpStatusCode status = 0;
        for (var i = 0; i < 50 && status != HttpStatusCode.OK; i++)
        {
            status = (await client.GetAsync("/health")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        var after = await client.PostAsJsonAsync("/api/incidents", Report("outage-2"));
        Assert.True(after.IsSuccessStatusCode, $"write after recovery: {(int)after.StatusCode} {await after.Content.ReadAsStringAsync()}");
        Assert.Equal(before + 1, await api.ScalarAsync<long>("SELECT count(*) FROM incidents"));
    }

    private static object Report(string externalId) => new
    {
        source = "outage-team",
        externalId,
        occurredAt = "2025-01-10T08:00:00Z",
        eventType = "Explosions/Remote violence",
        subEventType = "Shelling/artillery/missile attack",
        lon = 35.5,
        lat = 33.2,
        fatalities = 0,
    };
}
