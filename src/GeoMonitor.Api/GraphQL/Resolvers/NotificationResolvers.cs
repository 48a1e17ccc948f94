using System.Globalization;
using System.Runtime.CompilerServices;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Notifications;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;
using Npgsql;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// Pre-notifications on GraphQL: the adapters of <see cref="NotificationWrites"/> (fileNotification, acknowledgeNotification,
/// withdrawNotification, checkNotification) and the reads of <see cref="NotificationStore"/> (a reader key, as on REST).
/// </summary>
public static class NotificationResolvers
{
    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindNotifications(this SchemaBuilder b) => b
        .Resolve("Query", "notifications", ListAsync)
        .Resolve("Query", "notification", async ctx =>
        {
            Reader(ctx);
            var found = await Store(ctx).ListAsync(new NotificationFilter { Id = Id(ctx, "id"), Limit = 1 }, ctx.CancellationToken);
            return found.Count == 0 ? null : found[0];
        })
        .Resolve("Query", "checkNotification", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            return (await request.Service<NotificationWrites>().CheckAsync(Caller.Of(request.User), InputJson.Element(ctx.Input("input")), ctx.CancellationToken))
                .ValueOrThrow("input");
        })
        .Resolve("Notification", "currentConflicts", async ctx =>
        {
            var db = GqlRequest.Reader<NpgsqlDataSource>(ctx);
            return await new Deconfliction(db).CheckAsync(await NotificationsApi.StoredCandidateAsync(db, ((NotificationRecord)ctx.Source!).Id, ctx.CancellationToken),
                ctx.CancellationToken);
        })
        .Resolve("Incident", "notifications", async ctx =>
        {
            Reader(ctx);
            var incident = (IncidentNode)ctx.Source!;
            return await Store(ctx).ListAsync(new NotificationFilter { Incident = incident.Id, Limit = 1000 }, ctx.CancellationToken);
        })
        .Resolve("Mutation", "fileNotification", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            var filed = (await request.Service<NotificationWrites>().FileAsync(Caller.Of(request.User), InputJson.Element(ctx.Input("input")), ctx.CancellationToken))
                .ValueOrThrow("input");
            return new { notification = filed, conflicts = filed.Conflicts };
        })
        .Resolve("Mutation", "acknowledgeNotification", ctx => ChangeAsync(ctx, (w, caller, id, body) => w.AcknowledgeAsync(caller, id, body, ctx.CancellationToken)))
        .Resolve("Mutation", "withdrawNotification", ctx => ChangeAsync(ctx, (w, caller, id, body) => w.WithdrawAsync(caller, id, body, ctx.CancellationToken)))
        .Subscribe("Subscription", "notificationChanged", ctx =>
        {
            var request = GqlRequest.Of(ctx);
            request.Require(Role.Reader, "Subscribing to notifications");
            return ChangesAsync(request, ctx.Value<string>("organisation"), ctx.CancellationToken);
        });

    private static async Task<object> ListAsync(ResolveContext ctx)
    {
        var request = Reader(ctx);
        var input = ctx.Input("filter") ?? new Dictionary<string, object?>();
        long? incident = input.GetValueOrDefault("incident") is { } i ? ParseId(i, "filter.incident") : null;
        if (incident is { } id)
        {
            try { await NotificationsApi.EnsureIncidentVisibleAsync(request.Service<IncidentStore>(), id, Caller.Of(request.User), "incident", ctx.CancellationToken); }
            catch (Exception e) when (e is ResourceNotFoundException or KeyRequiredException or ReadForbiddenException) { throw GqlErrors.Translate(e, "filter."); }
        }
        var from = input.GetValueOrDefault("from") as DateTimeOffset?;
        var to = input.GetValueOrDefault("to") as DateTimeOffset?;
        if (from is { } f && to is { } t && f >= t) throw GqlErrors.BadInput("filter.from", $"'from' ({f:O}) is not before 'to' ({t:O}).");
        BoundingBox? bbox = null;
        if (input.GetValueOrDefault("bbox") is IReadOnlyDictionary<string, object?> b)
        {
            bbox = new BoundingBox(D(b, "minLon"), D(b, "minLat"), D(b, "maxLon"), D(b, "maxLat"));
            if (bbox.MinLon > bbox.MaxLon || bbox.MinLat > bbox.MaxLat) throw GqlErrors.BadInput("filter.bbox", "bbox minimum exceeds maximum.");
        }
        var filter = new NotificationFilter
        {
            Organisation = input.GetValueOrDefault("organisation") as string,
            Kinds = Strings(input.GetValueOrDefault("kinds")),
            Statuses = Strings(input.GetValueOrDefault("statuses")),
            ActiveAt = (input.GetValueOrDefault("activeAt") as DateTimeOffset?)?.UtcDateTime,
            From = from?.UtcDateTime,
            To = to?.UtcDateTime,
            Bbox = bbox,
            Incident = incident,
            After = ctx.Arguments.GetValueOrDefault("after") is { } a ? ParseId(a, "after") : null,
            Limit = ctx.Struct<int>("first") ?? 100,
        };
        var rows = await Store(ctx).ListAsync(filter, ctx.CancellationToken);
        return rows.Take(filter.Limit).ToList();
    }

    private static async Task<NotificationRecord> ChangeAsync(ResolveContext ctx,
        Func<NotificationWrites, Caller, long, System.Text.Json.JsonElement, Task<Outcome<NotificationRecord>>> change)
    {
        var request = GqlRequest.Of(ctx);
        var body = InputJson.Object(("note", ctx.Value<string>("note")));
        return (await change(request.Service<NotificationWrites>(), Caller.Of(request.User), Id(ctx, "id"), body)).ValueOrThrow();
    }

    private static async IAsyncEnumerable<NotificationRecord> ChangesAsync(GqlRequest request, string? organisation, [EnumeratorCancellation] CancellationToken ct)
    {
        var store = request.Service<NotificationStore>();
        await foreach (var id in request.Service<NotificationEvents>().SubscribeAsync(ct))
        {
            var found = await store.ListAsync(new NotificationFilter { Id = id, Organisation = organisation, Limit = 1 }, ct);
            if (found.Count > 0) yield return found[0];
        }
    }

    private static GqlRequest Reader(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reader, "Reading notifications");
        return request;
    }

    private static NotificationStore Store(ResolveContext ctx) => GqlRequest.Reader<NotificationStore>(ctx);

    private static long Id(ResolveContext ctx, string name) => ParseId(ctx.Arguments[name], name);

    private static long ParseId(object? value, string path) =>
        long.TryParse(value?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw GqlErrors.BadInput(path, $"'{path}' must be a positive integer, got '{value}'.");

    private static double D(IReadOnlyDictionary<string, object?> o, string name) => Convert.ToDouble(o[name], CultureInfo.InvariantCulture);

    private static IReadOnlyList<string>? Strings(object? value) =>
        value is System.Collections.IEnumerable e and not string && e.Cast<object?>().OfType<string>().ToList() is { Count: > 0 } l ? l : null;
}
