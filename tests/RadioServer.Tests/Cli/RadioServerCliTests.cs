using RadioServer.Tests.Configuration;

namespace RadioServer.Tests.Cli;

[Trait("Layer", "Unit")]
public class RadioServerCliTests
{
    private static string ShippedConfig => Path.Combine(StationConfigTests.FindRoot(), "config", "station.yaml");

    [Fact]
    public async Task Help_AtTheRoot_ListsEverySubCommandAndExitsZero()
    {
        var (code, output, errors) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Empty(errors);
        foreach (string command in (string[])["validate", "schedule", "scan", "queue", "request", "skip"])
        {
            Assert.Contains($"  {command}", output, StringComparison.Ordinal);
        }

        Assert.Contains("--config", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan", "--threads")]
    [InlineData("schedule", "--from")]
    [InlineData("request", "--track")]
    public async Task Help_OfASubCommand_ListsItsOptions(string command, string option)
    {
        var (code, output, _) = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, code);
        // The usage line starts with the executable's name (testhost here, RadioServer in production).
        Assert.Contains($" {command} ", output, StringComparison.Ordinal);
        Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownSubCommand_ExitsTwoNamingItAndDoesNotStartTheStation()
    {
        var (code, _, errors, station) = await CliRunner.RunRecordingStationAsync("valdate");

        Assert.Equal(2, code);
        Assert.Contains("'valdate'", errors, StringComparison.Ordinal);
        Assert.Null(station);
    }

    [Theory]
    [InlineData("validate", "--colour")]
    [InlineData("schedule", "--hour")]
    [InlineData("scan", "--colour")]
    [InlineData("queue", "--colour")]
    public async Task Run_UnknownOption_ExitsTwoNamingIt(string command, string option)
    {
        var (code, output, errors) = await CliRunner.RunAsync(command, "playlists", option, "--config", ShippedConfig);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"'{(command == "scan" ? option : "playlists")}'", errors, StringComparison.Ordinal);
        Assert.Contains($"RadioServer {command} --help", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoSubCommand_HandsTheWholeCommandLineToTheStationUntouched()
    {
        string[] args = ["--urls", "http://127.0.0.1:9000", "--config", "/etc/radio/station.yaml", "--station:name=X", "--station:dead_air_seconds=5", "--station:genre", "@Talk"];

        var (code, _, errors, station) = await CliRunner.RunRecordingStationAsync(args);

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Equal(args, station);
    }

    [Fact]
    public async Task Validate_WithStationOverride_AppliesIt()
    {
        var (code, output, errors) = await CliRunner.RunAsync("validate", "--config", ShippedConfig, "--station:name=Override FM", "--station:dead_air_seconds", "5");

        Assert.True(code == 0, errors);
        Assert.Contains("station.yaml: OK (Override FM,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_NonNumericHours_ExitsTwoNamingTheValue()
    {
        var (code, _, errors) = await CliRunner.RunAsync("schedule", "--config", ShippedConfig, "--from", "2026-11-23 05:55", "--hours", "abc");

        Assert.Equal(2, code);
        Assert.Contains("'abc'", errors, StringComparison.Ordinal);
    }
}
