using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>
/// With ConnectionStrings:GeoMonitor set, the database is someone else's: when its server dies, the API says so and
/// waits for it, but never starts it (that is the supervisor's rule; the embedded cluster is the only one it starts).
/// </summary>
public sealed class ExternalDatabaseNotSupervisedTests(OwnClusterApiFactory api) : IClassFixture<OwnClusterApiFactory>
{
    [Fact]
    public async Task A_crashed_external_server_is_not_started_by_the_api()
    {
        Assert.DoesNotContain(api.Services.GetServices<IHostedService>(), s => s is EmbeddedPostgresSupervisor);
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        api.Cluster.Crash();
        try
        {
            // Well past the supervisor's interval (1 s), with failing requests that would wake it.
            for (var i = 0; i < 10; i++)
            {
                var res = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
                var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("unavailable", body.GetProperty("database").GetString());
                await Task.Delay(300);
            }
            // Nothing listens on the server's port: nobody started it.
            await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Pooling = false }.ConnectionString);
            var refused = await Assert.ThrowsAsync<NpgsqlException>(() => probe.OpenAsync());
            Assert.IsType<System.Net.Sockets.SocketException>(refused.InnerException);
        }
        finally
        {
            api.Cluster.Start();
        }
        Assert.True(await FaultData.WaitHealthyAsync(client, TimeSpan.FromSeconds(30)));
    }
}
