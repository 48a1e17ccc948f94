namespace GeoMonitor.Api.Features.Incidents.Events;

/// <summary>Registers <see cref="IncidentEvents"/> once, whoever asks first (GraphQL subscriptions, the tile cache).</summary>
public static class IncidentEventsSetup
{
    /// <summary>Adds the singleton listener and runs it as a hosted service; a second call does nothing.</summary>
    public static IServiceCollection AddIncidentEvents(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IncidentEvents))) return services;
        services.AddSingleton<IncidentEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<IncidentEvents>());
        return services;
    }
}
