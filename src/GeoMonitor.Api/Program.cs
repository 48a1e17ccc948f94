using GeoMonitor.Api.Features;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Infrastructure.Errors;
using GeoMonitor.Api.Infrastructure.Health;
using GeoMonitor.Api.Infrastructure.OpenApi;
using GeoMonitor.Api.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddGeoMonitorDatabase();
builder.Services.AddGeoMonitorProblems();
builder.Services.AddGeoMonitorAuth();
builder.Services.AddGeoMonitorRateLimiting(builder.Configuration);
builder.Services.AddGeoMonitorOpenApi();
builder.Services.AddReadApi();
builder.Services.AddUploads();

var app = builder.Build();
app.UseGeoMonitorProblems();
app.UseGeoMonitorSecurityHeaders();
app.UseGeoMonitorOpenApi();
app.UseRateLimiter();
app.UseCors();
app.UseGeoMonitorAuth();
app.MapHealth();
app.MapReadApi();
app.MapUploads();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
