using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>A graphql-transport-ws client of one subscription (the protocol of npm's graphql-ws), for a socket-hosted API.</summary>
public sealed class WsSubscription(ClientWebSocket ws) : IDisposable
{
    /// <summary>Connects to <paramref name="baseUrl"/>/graphql/ws (with a key when given), acknowledges, and subscribes to <paramref name="query"/>.</summary>
    public static async Task<WsSubscription> StartAsync(string baseUrl, string? key, string query)
    {
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("graphql-transport-ws");
        await ws.ConnectAsync(new Uri(baseUrl.Replace("http://", "ws://") + "/graphql/ws"), CancellationToken.None);
        var s = new WsSubscription(ws);
        var init = new JsonObject { ["type"] = "connection_init" };
        if (key is not null) init["payload"] = new JsonObject { ["Authorization"] = "Bearer " + key };
        await s.SendAsync(init);
        Assert.Equal("connection_ack", (await s.NextAsync())!["type"]!.GetValue<string>());
        await s.SendAsync(new JsonObject { ["id"] = "1", ["type"] = "subscribe", ["payload"] = new JsonObject { ["query"] = query } });
        return s;
    }

    /// <summary>Sends one protocol message.</summary>
    public Task SendAsync(JsonObject message) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message other than a ping; null when none came within <paramref name="wait"/> (default 10 s).</summary>
    public async Task<JsonNode?> NextAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var text = new MemoryStream();
                WebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer, cts.Token);
                    text.Write(buffer, 0, r.Count);
                } while (!r.EndOfMessage);
                var message = JsonNode.Parse(text.ToArray())!;
                if (message["type"]!.GetValue<string>() is "ping" or "pong") continue;
                return message;
            }
        }
        catch (OperationCanceledException) when (wait is not null)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => ws.Dispose();
}
