using System.Net;
using System.Net.Sockets;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder between the API and PostgreSQL that a test can cut and restore, to play a
/// database that goes away and comes back without touching the real server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _target;
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();
    private readonly List<TcpClient> _open = [];

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        Port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Up();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Accepts and forwards connections again.</summary>
    public void Up()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoop(_listener, _cts.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a crashed or stopped server would.</summary>
    public void Down()
    {
        _cts.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Close();
            _open.Clear();
        }
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(IPAddress.Loopback, _target, ct); }
            catch (Exception) { client.Close(); continue; }
            lock (_open) { _open.Add(client); _open.Add(server); }
            _ = Pump(client.GetStream(), server.GetStream(), client, server, ct);
            _ = Pump(server.GetStream(), client.GetStream(), server, client, ct);
        }
    }

    private static async Task Pump(Stream from, Stream to, TcpClient a, TcpClient b, CancellationToken ct)
    {
        try { await from.CopyToAsync(to, ct); }
        catch (Exception) { }
        a.Close();
        b.Close();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }
}
