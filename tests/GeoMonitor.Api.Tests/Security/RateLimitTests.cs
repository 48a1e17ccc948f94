using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>An API with small limits: 5 requests a second, a burst of 5, for anonymous callers and for each key.</summary>
public sealed class TightLimitsFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false }
    .With("GeoMonitor:RateLimit:AnonymousPerSecond", "5")
    .With("GeoMonitor:RateLimit:KeyPerSecond", "5")
    .With("GeoMonitor:RateLimit:BurstSeconds", "1"));

public sealed class RateLimitTests(TightLimitsFixture api) : IClassFixture<TightLimitsFixture>
{
    [Fact]
    public async Task Past_the_limit_a_client_gets_429_with_retry_after_and_a_problem()
    {
        var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12; i++)
        {
            var res = await client.GetAsync("/health");
            statuses.Add(res.StatusCode);
            if (res.StatusCode == HttpStatusCode.TooManyRequests) limited ??= res;
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Each_key_has_its_own_allowance()
    {
        var a = await api.CreateClientAsAsync(Role.Reader, "limit-a");
        var b = await api.CreateClientAsAsync(Role.Reader, "limit-b");
        // Key a spends its burst of 5; the address's cap for keyed calls (2 × 5) still leaves room for key b.
        var aStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) aStatuses.Add((await a.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, aStatuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/health")).StatusCode);
    }
}
