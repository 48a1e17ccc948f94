using GeoMonitor.Api.Features.Incidents.Events;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.GraphQL.Http;
using GeoMonitor.Api.GraphQL.Subscriptions;
using GeoMonitor.GraphQL.Limits;
using GeoMonitor.GraphQL.Types;
using Npgsql;

namespace GeoMonitor.Api.GraphQL;

/// <summary>Wiring of the domain GraphQL API: its stores and schema (services) and its endpoints.</summary>
public static class GraphQLSetup
{
    /// <summary>The CORS policy of /graphql: any origin may query (keys are bearer tokens, not cookies, so no CSRF).</summary>
    public const string CorsPolicy = "graphql";

    /// <summary>
    /// The limits of /graphql: the engine's defaults (depth 15, cost 50,000, 30 s) with room for the nested map queries
    /// (zones → incidents → zones) that a page of up to 1,000 incidents makes.
    /// </summary>
    public static GraphQLLimits Limits { get; } = GraphQLLimits.Default with { MaxCost = 200_000, MaxDepth = 15 };

    /// <summary>Registers the schema and the stores its resolvers use.</summary>
    public static IServiceCollection AddGeoMonitorGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<LayerStore>();
        services.AddSingleton<LayerCache>();
        services.AddSingleton<IncidentBatchStore>();
        // Query operations read through these (the read connection); mutations and subscriptions use the ones above.
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new LayerStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadReplica.Key)));
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new IncidentBatchStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadReplica.Key),
            sp.GetRequiredService<LayerCache>()));
        services.AddIncidentEvents();
        services.AddSingleton<Schema>(_ => GeoMonitorSchema.Build());
        // CORS for reads only: any origin may query (POST is how GraphQL clients send queries), but a browser on
        // another origin may not send a key, so it cannot reach unverified incidents or run a mutation.
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Accept")));
        return services;
    }

    /// <summary>Maps POST/GET /graphql (GraphiQL in the browser) on the domain schema.</summary>
    public static IEndpointRouteBuilder MapGeoMonitorGraphQL(this IEndpointRouteBuilder app)
    {
        var schema = app.ServiceProvider.GetRequiredService<Schema>();
        app.MapGraphQL("/graphql", http => new GraphQLRequestOptions { Schema = schema, UserContext = http, Limits = Limits })
            .RequireCors(CorsPolicy)
            .WithTags("GraphQL");
        // Subscriptions: the WebSocket feature is added here so that the pipeline needs no other line for it.
        if (app is IApplicationBuilder pipeline) pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapGet(GraphQLWebSocketEndpoint.Path, (HttpContext http, ILoggerFactory logs) => GraphQLWebSocketEndpoint.HandleAsync(http, schema, logs))
            .WithName("GraphQLSubscriptions")
            .WithTags("GraphQL")
            .WithSummary("GraphQL subscriptions over WebSocket (graphql-transport-ws)")
            .WithDescription("Open a WebSocket with subprotocol graphql-transport-ws (the graphql-ws library). See docs/graphql.md.")
            .ExcludeFromDescription();
        return app;
    }
}
