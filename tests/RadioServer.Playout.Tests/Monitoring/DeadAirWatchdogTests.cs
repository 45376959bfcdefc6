using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Playout.Tests.Monitoring;

public class DeadAirWatchdogTests
{
    private static PcmBlock Block(float value)
    {
        var block = new PcmBlock(4410, 2); // 100 ms at 44.1 kHz
        block.Buffer.AsSpan().Fill(value);
        return block;
    }

    [Fact]
    public void Write_SilenceLongerThanLimit_LogsOnceCountsAndLogsTheEnd()
    {
        var logger = new ListLogger();
        var watchdog = new DeadAirWatchdog(44100, TimeSpan.FromSeconds(10), logger);

        for (int i = 0; i < 150; i++)
        {
            watchdog.Write(Block(0f));
        }

        watchdog.Write(Block(0.3f));
        for (int i = 0; i < 50; i++)
        {
            watchdog.Write(Block(0.00001f)); // 5 s of near-silence: under the limit
        }

        Assert.Equal(1, watchdog.Stretches);
        Assert.Single(logger.Lines, l => l.Contains("Dead air: 10.1 s of silence", StringComparison.Ordinal));
        Assert.Single(logger.Lines, l => l.Contains("Audio is back after 15.0 s of dead air", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_EngineWithNothingToPlay_IsReportedAsDeadAir()
    {
        var logger = new ListLogger();
        var bus = new PcmBus(RadioServer.Playout.Audio.StationFormat.Default);
        var watchdog = new DeadAirWatchdog(44100, TimeSpan.FromSeconds(5), logger);
        bus.Attach(watchdog);
        using var engine = new PlayoutEngine(new PlaylistRotation(DemoFiles.TempDir()), new Mp3ItemOpener(RadioServer.Playout.Audio.StationFormat.Default), bus, logger, TimeSpan.FromMilliseconds(100));

        for (int i = 0; i < 60; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal(1, watchdog.Stretches);
    }
}
