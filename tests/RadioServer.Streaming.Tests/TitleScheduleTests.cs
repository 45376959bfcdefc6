using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests;

public class TitleScheduleTests
{
    [Fact]
    public void TryTake_NothingCollected_ReturnsFalse()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        Assert.False(schedule.TryTake(0, out _));
        Assert.False(schedule.TryTake(long.MaxValue, out _));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(959, 0)]      // the last sample of unit 0: the title begins in unit 0
    [InlineData(960, 1)]      // exactly on a boundary: that unit
    [InlineData(961, 1)]
    [InlineData(96_000, 100)]
    public void TryTake_TrackStart_AppliesFromTheUnitHoldingItsFirstSample(long busFrame, long unit)
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Collect(Block(0, (busFrame, "A")), 0);

        if (unit > 0)
        {
            Assert.False(schedule.TryTake(unit - 1, out _));
        }

        Assert.True(schedule.TryTake(unit, out var title));
        Assert.Equal("A", title.Text);
        Assert.False(schedule.TryTake(unit, out _)); // taken once
    }

    [Fact]
    public void TryTake_EncoderDelay_ShiftsTheStartLater()
    {
        // An MP3-like encoder: 1152 samples per frame, 576 samples of delay.
        var schedule = new TitleSchedule(1.0, 576, 1152);
        schedule.Collect(Block(0, (600, "A")), 0); // 600 + 576 = 1176 → frame 1
        Assert.False(schedule.TryTake(0, out _));
        Assert.True(schedule.TryTake(1, out var title));
        Assert.Equal("A", title.Text);
    }

    [Fact]
    public void TryTake_Resampled_BusFrameScaledByTheRateRatioAndRounded()
    {
        // 44.1 kHz bus → 48 kHz encoder: bus frame 44100 is 48000 encoder samples = unit 50 of 960.
        var schedule = new TitleSchedule(48000.0 / 44100, 0, 960);
        schedule.Collect(Block(0, (44100, "A")), 0);
        Assert.False(schedule.TryTake(49, out _));
        Assert.True(schedule.TryTake(50, out _));

        // 881 bus frames ≈ 958.9 samples, rounded to 959: still unit 0.
        var rounding = new TitleSchedule(48000.0 / 44100, 0, 960);
        rounding.Collect(Block(0, (881, "B")), 0);
        Assert.True(rounding.TryTake(0, out _));
    }

    [Fact]
    public void TryTake_TwoStartsInOneUnit_LatestWins()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Collect(Block(0, (10, "Short jingle"), (500, "Song")), 0);
        Assert.True(schedule.TryTake(0, out var title));
        Assert.Equal("Song", title.Text);
        Assert.False(schedule.TryTake(0, out _));
    }

    [Fact]
    public void TryTake_UnitSkippedPast_ReturnsTheLatestDueAndKeepsLaterOnes()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Collect(Block(0, (0, "A"), (1000, "B"), (5000, "C")), 0);
        Assert.True(schedule.TryTake(2, out var title)); // A (unit 0) and B (unit 1) are both due: B wins
        Assert.Equal("B", title.Text);
        Assert.False(schedule.TryTake(4, out _));
        Assert.True(schedule.TryTake(5, out title));
        Assert.Equal("C", title.Text);
    }

    [Fact]
    public void TryTake_Override_AppliesFromTheNextUnitPassedToCollect()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        var manual = new StreamTitle("Live: News");
        schedule.Override(manual);
        schedule.Collect(Block(9600), 7);
        Assert.False(schedule.TryTake(6, out _));
        Assert.True(schedule.TryTake(7, out var title));
        Assert.Same(manual, title);
    }

    [Fact]
    public void Collect_OverrideTakenOnce_NotRepeatedByLaterBlocks()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Override(new StreamTitle("Once"));
        schedule.Collect(Block(0), 0);
        Assert.True(schedule.TryTake(0, out _));
        schedule.Collect(Block(960), 1);
        Assert.False(schedule.TryTake(1, out _));
    }

    [Fact]
    public void Collect_TwoOverridesBeforeABlock_OnlyTheLastApplies()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Override(new StreamTitle("First"));
        schedule.Override(new StreamTitle("Second"));
        schedule.Collect(Block(0), 0);
        Assert.True(schedule.TryTake(0, out var title));
        Assert.Equal("Second", title.Text);
    }

    [Fact]
    public void TryTake_OverrideThenTrackStartInTheSameUnit_TrackWins()
    {
        // The override holds until the next track starts; a track starting in the very unit replaces it at once.
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Override(new StreamTitle("Manual"));
        schedule.Collect(Block(0, (100, "Track")), 0);
        Assert.True(schedule.TryTake(0, out var title));
        Assert.Equal("Track", title.Text);
    }

    [Fact]
    public void TryTake_OverrideThenLaterTrackStart_OverrideUntilTheTrack()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        schedule.Override(new StreamTitle("Manual"));
        schedule.Collect(Block(0, (2000, "Track")), 0);
        Assert.True(schedule.TryTake(0, out var title));
        Assert.Equal("Manual", title.Text);
        Assert.False(schedule.TryTake(1, out _));
        Assert.True(schedule.TryTake(2, out title));
        Assert.Equal("Track", title.Text);
    }

    [Fact]
    public void Collect_TrackWithArtistAndTitle_TitleCarriesBoth()
    {
        var schedule = new TitleSchedule(1.0, 0, 960);
        var block = new PcmBlock(960, 2);
        block.AddTrackStart(new TrackStart(0, new PlayoutItem(new TrackInfo("/x.mp3", "Artist", "Song", null), "test"), null));
        schedule.Collect(block, 0);
        Assert.True(schedule.TryTake(0, out var title));
        Assert.Equal("Artist", title.Artist);
        Assert.Equal("Song", title.Title);
    }

    private static PcmBlock Block(long firstFrame, params (long Frame, string Title)[] starts)
    {
        var block = new PcmBlock(960, 2);
        block.Reset(firstFrame);
        foreach (var (frame, title) in starts)
        {
            block.AddTrackStart(new TrackStart(frame, new PlayoutItem(new TrackInfo($"/{title}.mp3", null, title, null), "test"), null));
        }

        return block;
    }
}
