# The API image for docker compose (the database is the postgis/postgis service there).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/GeoMonitor.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY geodata ./geodata
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    GeoMonitor__GeodataFolder=/app/geodata
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "GeoMonitor.Api.dll"]
