namespace Services
{
    public static class Defaults
    {
        public static int Timeout() => 30;

        public static string Region() => "eu-west";
    }

    public class ServiceSettings
    {
        public static readonly ServiceSettings Shared = new ServiceSettings();

        private readonly int _timeout = Defaults.Timeout();
        private readonly string _region = Defaults.Region().ToUpperInvariant();

        public string Describe() => $"{_region}/{_timeout}s";
    }
}
