using GeoMonitor.Api.Features.Common;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Subscriptions;

/// <summary>GET /graphql/ws: the WebSocket endpoint of GraphQL subscriptions (graphql-transport-ws).</summary>
public static class GraphQLWebSocketEndpoint
{
    /// <summary>The path.</summary>
    public const string Path = "/graphql/ws";

    /// <summary>Accepts the upgrade and runs the session; a plain GET gets a 400 problem naming the protocol.</summary>
    public static async Task HandleAsync(HttpContext http, Schema schema, ILoggerFactory logs)
    {
        if (!http.WebSockets.IsWebSocketRequest || !http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketSession.SubProtocol))
        {
            await ReadProblems.BadParameter("Sec-WebSocket-Protocol",
                $"Open a WebSocket with subprotocol {GraphQLWebSocketSession.SubProtocol} (the protocol of the graphql-ws library) here; "
                + "queries and mutations are also served by POST /graphql.").ExecuteAsync(http);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(GraphQLWebSocketSession.SubProtocol);
        var session = new GraphQLWebSocketSession(socket, http, schema, GraphQLSetup.Limits, logs.CreateLogger<GraphQLWebSocketSession>());
        await session.RunAsync(http.RequestAborted);
    }
}
