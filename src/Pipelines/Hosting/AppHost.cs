// AppHost: the Microsoft.Extensions.Hosting generic host every command runs in.
//
// Configuration, lowest to highest precedence: appsettings.json beside the executable, EXPERIMENTS_*
// environment variables (EXPERIMENTS_Logging__Level=Debug sets Logging:Level), then the command line.
// Logging goes through Microsoft.Extensions.Logging to Serilog, which writes to standard error so that
// standard output carries only the command's result.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Experiments.Pipelines.Hosting;

/// <summary>Builds the generic host with configuration and Serilog logging.</summary>
internal static class AppHost
{
    /// <summary>Builds a host; <paramref name="minimumLevel"/> overrides the configured log level when given.</summary>
    public static IHost Build(string[] configurationArgs, LogEventLevel? minimumLevel = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("EXPERIMENTS_")
            .AddCommandLine(configurationArgs);

        LogEventLevel level = minimumLevel ?? ParseLevel(builder.Configuration["Logging:Level"]);
        Serilog.Core.Logger serilog = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(serilog, dispose: true);
        builder.Services.AddSingleton(builder.Configuration);
        return builder.Build();
    }

    private static LogEventLevel ParseLevel(string? text) =>
        Enum.TryParse(text, ignoreCase: true, out LogEventLevel parsed) ? parsed : LogEventLevel.Information;
}
