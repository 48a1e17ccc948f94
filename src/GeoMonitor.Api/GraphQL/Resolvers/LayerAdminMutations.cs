using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL.Execution;
using Npgsql;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// upsertLine/Zone/Corridor/Truce and deleteLine/Zone/Corridor/Truce: the layer administration of PUT and DELETE
/// /api/lines|zones|corridors|truces/{slug} (Features/LayerAdmin). The typed input is turned back into the REST body
/// and read by the same rules (LayerBody and LayerAdminApi's body readers) and written by the same store, so both
/// surfaces accept and refuse the same layers with the same messages: REST's 422 is BAD_USER_INPUT, 404 NOT_FOUND,
/// 409 CONFLICT.
/// </summary>
public static class LayerAdminMutations
{
    /// <summary>Binds the resolvers.</summary>
    public static GeoMonitor.GraphQL.Utilities.SchemaBuilder BindLayerAdmin(this GeoMonitor.GraphQL.Utilities.SchemaBuilder b) => b
        .Resolve("Mutation", "upsertLine", UpsertLineAsync)
        .Resolve("Mutation", "upsertZone", UpsertZoneAsync)
        .Resolve("Mutation", "upsertCorridor", UpsertCorridorAsync)
        .Resolve("Mutation", "upsertTruce", UpsertTruceAsync)
        .Resolve("Mutation", "deleteLine", ctx => DeleteAsync(ctx, LayerKind.Line, "lines", "deleteLine"))
        .Resolve("Mutation", "deleteZone", ctx => DeleteAsync(ctx, LayerKind.Zone, "zones", "deleteZone"))
        .Resolve("Mutation", "deleteCorridor", ctx => DeleteAsync(ctx, LayerKind.Corridor, "corridors", "deleteCorridor"))
        .Resolve("Mutation", "deleteTruce", ctx => DeleteAsync(ctx, LayerKind.Truce, "truces", "deleteTruce"));

    /// <summary>Mutation.upsertLine.</summary>
    public static async Task<LineNode> UpsertLineAsync(ResolveContext ctx)
    {
        var (request, slug, body, errors) = Read(ctx, "upsertLine");
        var input = LayerAdminApi.LineInput(slug, body, MakeValid(ctx));
        if (errors.Count > 0) throw Invalid(errors);
        await Guard(() => request.Service<LayerAdminStore>().PutLineAsync(input, ctx.CancellationToken));
        return (await request.Service<LayerStore>().LinesAsync([slug], ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertZone.</summary>
    public static async Task<ZoneNode> UpsertZoneAsync(ResolveContext ctx)
    {
        var (request, slug, body, errors) = Read(ctx, "upsertZone");
        var input = LayerAdminApi.ZoneInput(slug, body, errors, MakeValid(ctx));
        if (errors.Count > 0) throw Invalid(errors);
        if (await Guard(() => request.Service<LayerAdminStore>().PutZoneAsync(input, ctx.CancellationToken)) is null)
            throw Invalid([new FieldError(null, "bufferOf", $"there is no line '{input.BufferOf}'")]);
        return (await request.Service<LayerStore>().ZonesAsync([slug], null, null, ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertCorridor.</summary>
    public static async Task<CorridorNode> UpsertCorridorAsync(ResolveContext ctx)
    {
        var (request, slug, body, errors) = Read(ctx, "upsertCorridor");
        var input = LayerAdminApi.CorridorInput(slug, body, errors, MakeValid(ctx));
        if (errors.Count > 0) throw Invalid(errors);
        await Guard(() => request.Service<LayerAdminStore>().PutCorridorAsync(input, ctx.CancellationToken));
        return (await request.Service<LayerStore>().CorridorsAsync([slug], null, ctx.CancellationToken)).Single();
    }

    /// <summary>Mutation.upsertTruce.</summary>
    public static async Task<TruceNode> UpsertTruceAsync(ResolveContext ctx)
    {
        var (request, slug, body, errors) = Read(ctx, "upsertTruce");
        var input = LayerAdminApi.TruceInput(slug, body, errors);
        if (errors.Count > 0) throw Invalid(errors);
        if (await Guard(() => request.Service<LayerAdminStore>().PutTruceAsync(input, ctx.CancellationToken)) is null)
            throw Invalid([new FieldError(null, "end", "an existing truce keeps an end; to extend it, send the new end")]);
        return (await request.Service<LayerStore>().TrucesAsync([slug], null, ctx.CancellationToken)).Single();
    }

    /// <summary>The delete mutations: true when deleted.</summary>
    public static async Task<object> DeleteAsync(ResolveContext ctx, LayerKind kind, string table, string field)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Admin, field);
        var slug = ctx.Value<string>("slug")!;
        var what = kind.ToString().ToLowerInvariant();
        var store = request.Service<LayerAdminStore>();
        if (!LayerAdminApi.IsSlug(slug)) throw GqlErrors.Error(GqlErrors.NotFound, $"No {what} '{slug}'.", "slug");
        var dependents = await store.DependentsAsync(table, slug, ctx.CancellationToken);
        if (dependents.Count > 0)
            throw GqlErrors.Error(GqlErrors.Conflict, $"{string.Join(", ", dependents)} depend(s) on {what} '{slug}'; delete or replace them first.", "slug",
                new Dictionary<string, object?> { ["dependents"] = dependents.ToList() });
        return await store.DeleteAsync(kind, slug, ctx.CancellationToken)
            ? true
            : throw GqlErrors.Error(GqlErrors.NotFound, $"No {what} '{slug}'.", "slug");
    }

    // The role first (as REST's RequireRole), then the slug, then the body as REST would have received it.
    private static (GqlRequest Request, string Slug, LayerBody Body, List<FieldError> Errors) Read(ResolveContext ctx, string field)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Admin, field);
        var slug = ctx.Value<string>("slug")!;
        if (!LayerAdminApi.IsSlug(slug))
            throw GqlErrors.BadInput("slug", $"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.");
        var errors = new List<FieldError>();
        var json = (JsonObject)ToJson(ctx.Input("input"))!;
        using var doc = JsonDocument.Parse(json.ToJsonString());
        // LayerBody keeps elements of the document; a clone outlives it.
        var body = LayerBody.Read(doc.RootElement.Clone(), errors) ?? throw Invalid(errors);
        return (request, slug, body, errors);
    }

    private static bool MakeValid(ResolveContext ctx) => ctx.Struct<bool>("makeValid") ?? false;

    // Input values (enums already carry the stored spelling) as the JSON the REST body would hold; absent and null
    // fields are left out, as LayerBody treats them alike.
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        GeoJsonInput g => JsonNode.Parse(g.Json),
        DateTimeOffset t => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        bool f => JsonValue.Create(f),
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        IReadOnlyDictionary<string, object?> d => new JsonObject(d.Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonSerializer.SerializeToNode(value),
    };

    private static async Task<T> Guard<T>(Func<Task<T>> write)
    {
        try { return await write(); }
        catch (PostgresException e) when (LayerAdminApi.IsRefusal(e)) { throw Invalid([LayerAdminApi.Refusal(e)]); }
    }

    private static GeoMonitor.GraphQL.GraphQLException Invalid(IReadOnlyList<FieldError> errors) =>
        GqlErrors.Error(GqlErrors.BadUserInput,
            $"The layer has {errors.Count} problem(s); nothing was changed: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}", "input",
            new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new Dictionary<string, object?> { ["field"] = e.Field, ["message"] = e.Message }).ToList(),
            });
}
