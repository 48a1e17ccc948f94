using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Errors;
using GeoMonitor.Api.Infrastructure.Health;
using GeoMonitor.Api.Infrastructure.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddGeoMonitorDatabase();
builder.Services.AddGeoMonitorProblems();
builder.Services.AddGeoMonitorAuth();
builder.Services.AddGeoMonitorOpenApi();

var app = builder.Build();
app.UseGeoMonitorProblems();
app.UseGeoMonitorOpenApi();
app.UseGeoMonitorAuth();
app.MapHealth();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
