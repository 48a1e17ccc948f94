using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Auth;

public sealed class ApiKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var key = await new ApiKeys(api.Db).CreateAsync("hash-check", Role.Reporter);
        var stored = await api.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE key_hash = $1", ApiKeys.Hash(key));
        Assert.Equal(1L, stored);
        var plain = await api.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE key_prefix = $1 OR encode(key_hash, 'escape') LIKE '%' || $1 || '%'", key);
        Assert.Equal(0L, plain);
    }

    [Fact]
    public async Task A_valid_key_is_recognized_by_both_headers()
    {
        var keys = new ApiKeys(api.Db);
        var key = await keys.CreateAsync("both-headers", Role.Reviewer);
        Assert.Equal(Role.Reviewer, (await keys.FindAsync(key))!.Role);
        var c = api.CreateClient();
        c.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_or_revoked_key_gets_401_problem_even_where_anonymous_may_read()
    {
        var keys = new ApiKeys(api.Db);
        var key = await keys.CreateAsync("to-revoke", Role.Reporter);
        Assert.Equal(1, await keys.RevokeByNameAsync("to-revoke"));
        foreach (var k in new[] { key, "gm_not-a-key" })
        {
            var c = api.CreateClient();
            c.DefaultRequestHeaders.Authorization = new("Bearer", k);
            var res = await c.GetAsync("/health");
            Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        }
    }
}
