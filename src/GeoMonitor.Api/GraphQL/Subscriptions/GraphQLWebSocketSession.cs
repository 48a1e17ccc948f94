using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Limits;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Subscriptions;

/// <summary>
/// One graphql-transport-ws connection (the protocol of the graphql-ws library,
/// https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md): connection_init → connection_ack, then any number
/// of subscribe/next/error/complete exchanges by id, and ping/pong. Protocol violations close the socket with the
/// protocol's codes (4400 bad message, 4401 subscribe before ack, 4403 bad key, 4408 no init in time, 4409 duplicate
/// id, 4429 repeated init). A key may come with the upgrade request's headers or in the connection_init payload
/// ({"Authorization": "Bearer …"} or {"apiKey": "…"}), since browsers cannot set headers on a WebSocket.
/// </summary>
public sealed class GraphQLWebSocketSession(WebSocket socket, HttpContext http, Schema schema, GraphQLLimits limits, ILogger logger)
{
    /// <summary>The WebSocket subprotocol.</summary>
    public const string SubProtocol = "graphql-transport-ws";

    /// <summary>How long a client has to send connection_init.</summary>
    public static TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private const int MaxMessageBytes = 1 << 20;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<string, CancellationTokenSource> _operations = new(StringComparer.Ordinal);
    private bool _initialized;
    private bool _acknowledged;

    /// <summary>Runs the connection until either side closes it.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        using var life = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var initTimer = Task.Delay(InitTimeout, life.Token).ContinueWith(async t =>
        {
            if (!t.IsCanceled && !_initialized) await CloseAsync(4408, "Connection initialisation timeout");
        }, TaskScheduler.Default);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var message = await ReceiveAsync(life.Token);
                if (message is null) break;
                await HandleAsync(message, life.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            life.Cancel();
            lock (_operations)
            {
                foreach (var cts in _operations.Values) cts.Cancel();
                _operations.Clear();
            }
        }
    }

    private async Task HandleAsync(string text, CancellationToken ct)
    {
        JsonElement msg;
        try
        {
            using var doc = JsonDocument.Parse(text);
            msg = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            await CloseAsync(4400, "Invalid message received");
            return;
        }
        var type = msg.ValueKind == JsonValueKind.Object && msg.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "connection_init":
                if (_initialized)
                {
                    await CloseAsync(4429, "Too many initialisation requests");
                    return;
                }
                _initialized = true;
                if (!await AuthenticateAsync(msg, ct))
                {
                    await CloseAsync(4403, "Forbidden: the API key is invalid or revoked");
                    return;
                }
                _acknowledged = true;
                await SendAsync(w => w.WriteString("type", "connection_ack"), ct);
                return;
            case "ping":
                await SendAsync(w => w.WriteString("type", "pong"), ct);
                return;
            case "pong":
                return;
            case "subscribe":
                await SubscribeAsync(msg, ct);
                return;
            case "complete":
                if (Id(msg) is { } done)
                    lock (_operations)
                        if (_operations.Remove(done, out var cts)) cts.Cancel();
                return;
            default:
                await CloseAsync(4400, $"Invalid message type {(type is null ? "(none)" : "'" + type + "'")}");
                return;
        }
    }

    private async Task SubscribeAsync(JsonElement msg, CancellationToken ct)
    {
        if (!_acknowledged)
        {
            await CloseAsync(4401, "Unauthorized");
            return;
        }
        var id = Id(msg);
        if (id is null || !msg.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String)
        {
            await CloseAsync(4400, "Invalid subscribe message");
            return;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_operations)
        {
            if (!_operations.TryAdd(id, cts))
            {
                cts.Dispose();
                _ = CloseAsync(4409, $"Subscriber for {id} already exists");
                return;
            }
        }
        var request = new GraphQLRequest
        {
            Query = q.GetString(),
            OperationName = payload.TryGetProperty("operationName", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString() : null,
            Variables = payload.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                : null,
        };
        _ = Task.Run(() => RunOperationAsync(id, request, cts), CancellationToken.None);
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        try
        {
            var prepared = GraphQLEngine.Prepare(schema, request, limits);
            if (prepared.Operation is null)
            {
                await SendErrorsAsync(id, prepared.Errors!, ct);
                return;
            }
            var options = new ExecutionOptions { UserContext = http, Limits = limits, CancellationToken = ct };
            if (prepared.Operation.OperationType != OperationType.Subscription)
            {
                var result = await GraphQLEngine.ExecuteAsync(schema, prepared.Operation, request.Variables, options);
                if (!result.HasData) await SendErrorsAsync(id, result.Errors!, ct);
                else
                {
                    await SendNextAsync(id, result, ct);
                    await SendCompleteAsync(id, ct);
                }
                return;
            }
            var first = true;
            await foreach (var result in GraphQLEngine.SubscribeAsync(schema, request, options, ct))
            {
                if (first && !result.HasData && result.Errors is { Count: > 0 } errors)
                {
                    await SendErrorsAsync(id, errors, ct);
                    return;
                }
                first = false;
                await SendNextAsync(id, result, ct);
            }
            await SendCompleteAsync(id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client completed the operation, or the connection closed.
        }
        catch (GraphQLException e)
        {
            await SendErrorsAsync(id, [e.ToError()], CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "GraphQL WebSocket operation {Id} failed", id);
            await SendErrorsAsync(id, [new GraphQLError(e is Features.Incidents.Events.SubscriberOverflowException ? e.Message : "The subscription failed; subscribe again.")],
                CancellationToken.None);
        }
        finally
        {
            lock (_operations) _operations.Remove(id);
            cts.Dispose();
        }
    }

    private async Task<bool> AuthenticateAsync(JsonElement msg, CancellationToken ct)
    {
        if (!msg.TryGetProperty("payload", out var p) || p.ValueKind != JsonValueKind.Object) return true;
        string? key = null;
        foreach (var prop in p.EnumerateObject())
        {
            if (prop.Value.ValueKind != JsonValueKind.String) continue;
            var value = prop.Value.GetString()!.Trim();
            if (prop.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
                key = value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value;
            else if (prop.Name.Equals("apiKey", StringComparison.OrdinalIgnoreCase) || prop.Name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase))
                key = value;
        }
        if (key is null) return true;
        if (key.Length > 200) return false;
        var caller = await http.RequestServices.GetRequiredService<ApiKeys>().FindAsync(key, ct);
        if (caller is null) return false;
        http.User = caller.ToPrincipal(ApiKeyAuthentication.SchemeName);
        return true;
    }

    private static string? Id(JsonElement msg) =>
        msg.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } s ? s : null;

    private Task SendNextAsync(string id, ExecutionResult result, CancellationToken ct) => SendAsync(w =>
    {
        w.WriteString("id", id);
        w.WriteString("type", "next");
        w.WritePropertyName("payload");
        result.WriteTo(w);
    }, ct);

    private Task SendCompleteAsync(string id, CancellationToken ct) => SendAsync(w =>
    {
        w.WriteString("id", id);
        w.WriteString("type", "complete");
    }, ct);

    private Task SendErrorsAsync(string id, IReadOnlyList<GraphQLError> errors, CancellationToken ct)
    {
        // The engine writes errors as part of a result; the error message's payload is that list.
        using var doc = JsonDocument.Parse(ExecutionResult.RequestError(errors).ToJson());
        var list = doc.RootElement.GetProperty("errors").Clone();
        return SendAsync(w =>
        {
            w.WriteString("id", id);
            w.WriteString("type", "error");
            w.WritePropertyName("payload");
            list.WriteTo(w);
        }, ct);
    }

    private async Task SendAsync(Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        await _send.WaitAsync(ct);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, ct);
        }
        catch (WebSocketException)
        {
            // Closed underneath us; the receive loop ends the session.
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task CloseAsync(int code, string reason)
    {
        await _send.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task<string?> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var r = await socket.ReceiveAsync(memory, ct);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(r.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                await CloseAsync(4400, "Message too large");
                return null;
            }
            if (r.EndOfMessage) break;
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
