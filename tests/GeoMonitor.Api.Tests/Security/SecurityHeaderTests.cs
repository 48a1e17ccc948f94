using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Security;

public sealed class SecurityHeaderTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        var res = await api.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", res.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", res.Headers.GetValues("Referrer-Policy").Single());
    }
}
