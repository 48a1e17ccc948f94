namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>Swagger (OpenAPI 3) document at /swagger/v1/swagger.json and Swagger UI at /swagger.</summary>
public static class OpenApiSetup
{
    /// <summary>Registers the OpenAPI generator.</summary>
    public static IServiceCollection AddGeoMonitorOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new()
            {
                Title = "GeoMonitor API",
                Version = "v1",
                Description = "Spatial-temporal monitoring of the Blue Line area: lines, zones, corridors, truces and incidents.",
            });
        });
        return services;
    }

    /// <summary>Serves the document and the UI.</summary>
    public static WebApplication UseGeoMonitorOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "GeoMonitor API");
        return app;
    }
}
