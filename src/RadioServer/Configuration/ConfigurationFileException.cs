namespace RadioServer.Configuration;

/// <summary>A config file is wrong; the message starts with <c>file:line:column:</c> where that is known.</summary>
public sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException()
    {
    }

    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
