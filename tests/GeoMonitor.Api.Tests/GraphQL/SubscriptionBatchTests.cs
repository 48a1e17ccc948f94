using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Events;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>The API on a socket, for subscriptions over WebSocket.</summary>
public sealed class SubscriptionBatchFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false, Hosting = Hosting.Socket });

/// <summary>
/// A subscriber that reads the events queued up while its last read ran in one statement still answers each event, once,
/// in the order the events came (not in the order the read returns its rows), and a queue that overflows still ends it.
/// </summary>
public sealed class SubscriptionBatchTests(SubscriptionBatchFixture api) : IClassFixture<SubscriptionBatchFixture>
{
    [Fact]
    public async Task The_fanout_hands_over_what_queued_up_in_order_at_most_max_at_a_time()
    {
        var fanout = new EventFanout<int>(100, () => new InvalidOperationException("overflow"));
        await using var batches = fanout.SubscribeBatchesAsync(3).GetAsyncEnumerator();
        var first = batches.MoveNextAsync(); // attaches the subscriber
        fanout.Publish(1);
        Assert.True(await first);
        Assert.Equal([1], batches.Current);
        for (var i = 2; i <= 8; i++) fanout.Publish(i); // queued while the subscriber is busy
        var got = new List<IReadOnlyList<int>>();
        while (got.Sum(b => b.Count) < 7 && await batches.MoveNextAsync()) got.Add(batches.Current);
        Assert.Equal([[2, 3, 4], [5, 6, 7], [8]], got.Select(b => b.ToArray()).ToArray());
    }

    [Fact]
    public async Task A_subscriber_that_falls_capacity_behind_gets_what_queued_then_the_overflow()
    {
        var fanout = new EventFanout<int>(2, () => new InvalidOperationException("overflow"));
        await using var batches = fanout.SubscribeBatchesAsync(10).GetAsyncEnumerator();
        var first = batches.MoveNextAsync();
        fanout.Publish(1);
        Assert.True(await first);
        fanout.Publish(2);
        fanout.Publish(3);
        fanout.Publish(4); // the queue holds 2: this one ends the subscriber
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([2, 3], batches.Current);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await batches.MoveNextAsync());
        Assert.Equal("overflow", e.Message);
    }

    [Fact]
    public async Task A_burst_of_inserts_reaches_a_subscriber_once_each_in_the_order_of_the_events()
    {
        var source = "burst-" + Guid.NewGuid().ToString("N")[..8];
        var key = await new ApiKeys(api.Db).CreateAsync("burst-" + Guid.NewGuid().ToString("N")[..6], Role.Reviewer);
        var events = api.Services.GetRequiredService<IncidentEvents>();
        await events.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        var before = events.SubscriberCount;
        using var sub = await WsSubscription.StartAsync(api.BaseUrl, key,
            $$"""subscription { incidentReported(filter: {sources: ["{{source}}"]}) { externalId } }""");
        // The subscription attaches to the events shortly after its subscribe message.
        for (var waited = 0; events.SubscriberCount == before; waited += 20)
        {
            Assert.True(waited < 10_000, "the subscription did not attach");
            await Task.Delay(20);
        }
        // 60 incidents in one statement: 60 notifications in id order, the later ones earlier in time (so a read of them
        // returns them in the reverse of the events' order).
        await Insert(source, "b", 60);
        var heard = new List<string>();
        while (heard.Count < 60 && await sub.NextAsync(TimeSpan.FromSeconds(10)) is { } message)
            heard.Add(message["payload"]!["data"]!["incidentReported"]!["externalId"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"b{i}"), heard);
        Assert.Null(await sub.NextAsync(TimeSpan.FromSeconds(1)));
    }

    private Task<int> Insert(string source, string prefix, int count) => api.ScalarAsync<int>("""
        WITH ins AS (
          INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
          SELECT $1, $2 || CASE WHEN $3 = 1 THEN '' ELSE g::text END, timestamptz '2026-04-20T00:00:00Z' - g * interval '1 hour',
                 ST_SetSRID(ST_MakePoint(35.2, 33.2), 4326), 'Battles', 'Armed clash'
          FROM generate_series(1, $3) g ORDER BY g
          RETURNING 1)
        SELECT count(*)::int FROM ins
        """, source, prefix, count);
}
