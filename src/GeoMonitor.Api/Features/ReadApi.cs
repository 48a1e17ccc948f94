using Microsoft.Extensions.DependencyInjection.Extensions;
using GeoMonitor.Api.Features.Changes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Disputes;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Locate;
using GeoMonitor.Api.Features.Stats;
using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Infrastructure.Database;

namespace GeoMonitor.Api.Features;

/// <summary>Wiring of the read API: services, CORS for GET, and the /api endpoints.</summary>
public static class ReadApi
{
    /// <summary>The CORS policy name: any origin may GET (the data is public; writes stay same-origin).</summary>
    public const string CorsPolicy = "public-read";

    /// <summary>Registers the read API's services and its CORS policy.</summary>
    public static IServiceCollection AddReadApi(this IServiceCollection services)
    {
        services.AddSingleton<AcledCatalog>();
        services.TryAddSingleton<Uploads.AcledCodes>();
        // Both only read: they run on the read connection (a standby when one is configured).
        services.AddSingleton(sp => new IncidentStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(ReadReplica.Key)));
        services.AddSingleton(sp => new Stats.StatsStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(ReadReplica.Key)));
        services.AddChanges();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD")
            .WithHeaders("Authorization", "X-Api-Key", "If-None-Match", "If-Modified-Since", "Accept", ReadYourWrites.MinHeader)
            .WithExposedHeaders("ETag", "Last-Modified", "Content-Disposition")));
        return services;
    }

    /// <summary>Maps every read endpoint under /api, with the problem responses and CORS.</summary>
    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithReadProblems().RequireCors(CorsPolicy);
        api.MapIncidentReads();
        api.MapLayers();
        api.MapTruces();
        api.MapLocate();
        api.MapStats();
        api.MapChanges();
        api.MapDisputeReads();
        return app;
    }
}
