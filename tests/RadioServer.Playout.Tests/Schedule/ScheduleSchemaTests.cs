using System.Text.Json;
using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class ScheduleSchemaTests
{
    [Fact]
    public void Schema_TopLevelProperties_AreTheKeysTheLoaderAccepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScheduleText.ConfigDir, "schema", "schedule.schema.json")));

        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

        Assert.Equal(ScheduleLoader.TopKeys.Order(), properties);
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }
}
