<?php

namespace App\Logging;

class Logger
{
    public static function info(string $message): void
    {
        echo self::format('INFO', $message), "\n";
    }

    private static function format(string $level, string $message): string
    {
        return sprintf('[%s] %s', $level, $message);
    }
}
