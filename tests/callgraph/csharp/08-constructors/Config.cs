using System.Collections.Generic;

namespace App.Configuration
{
    public class Config
    {
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>();

        public Config(string name)
        {
            Name = name;
            LoadDefaults();
        }

        public string Name { get; }

        public static Config Development() => new Config("development");

        public string Get(string key) => _values.TryGetValue(key, out var v) ? v : "";

        public void Set(string key, string value) => _values[key] = value;

        private void LoadDefaults()
        {
            Set("port", "8080");
            Set("host", "localhost");
        }
    }
}
