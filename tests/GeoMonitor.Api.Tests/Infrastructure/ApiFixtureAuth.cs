using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>Clients that call the API with a key of a given role.</summary>
public static class ApiFixtureAuth
{
    /// <summary>
    /// Creates a key with <paramref name="role"/> (of <paramref name="organisation"/>, default one named after the key) in
    /// the fixture's database and a client sending it as a Bearer token.
    /// </summary>
    public static async Task<HttpClient> CreateClientAsAsync(this ApiFixture api, Role role, string? name = null, string? organisation = null)
    {
        var client = api.CreateClient();
        if (role == Role.Anonymous) return client;
        var key = await new ApiKeys(api.Db).CreateAsync(name ?? $"test-{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], role, organisation: organisation);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
