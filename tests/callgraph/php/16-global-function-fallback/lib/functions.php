<?php

function env_or_default(string $key, string $default): string
{
    $value = getenv($key);
    return $value === false ? $default : $value;
}

function app_path(string $relative = ''): string
{
    return rtrim('/srv/app/' . $relative, '/');
}
