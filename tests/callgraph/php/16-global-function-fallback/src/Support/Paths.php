<?php

namespace App\Support;

class Paths
{
    public static function storage(string $file): string
    {
        return app_path('storage/' . $file);
    }

    public static function logs(): string
    {
        return \app_path(env_or_default('LOG_DIR', 'logs'));
    }
}
