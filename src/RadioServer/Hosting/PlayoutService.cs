namespace RadioServer.Hosting;

/// <summary>Runs the station's playout clock for the lifetime of the host.</summary>
internal sealed class PlayoutService(Station station) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(async () =>
        {
            try
            {
                await station.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }, stoppingToken);
}
