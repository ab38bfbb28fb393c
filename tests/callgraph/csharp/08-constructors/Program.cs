using System;
using App.Configuration;

namespace App
{
    public class Program
    {
        private readonly Config _config;

        public Program(Config config)
        {
            _config = config;
            this.Validate();
        }

        public static void Main()
        {
            var program = new Program(Config.Development());
            program.Run();
            var staging = new Config("staging");
            staging.Set("port", "9090");
            Console.WriteLine(staging.Get("port"));
        }

        public void Run() => Console.WriteLine($"{_config.Name} on {_config.Get("host")}:{_config.Get("port")}");

        private void Validate()
        {
            if (_config.Get("port") == "")
                throw new InvalidOperationException("no port");
        }
    }
}
