import baseConfig from "../../eslint.config.mjs";

export default [
    ...baseConfig,
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.js",
            "**/*.jsx"
        ],
        languageOptions: {
            parserOptions: {
                projectService: {
                    // Build config outside any tsconfig, linted with default compiler options.
                    allowDefaultProject: ["webpack.config.js"]
                },
                // `projectService` conflicts with a `parserOptions.project` set by any config
                // merged into this one. Remove this once you know none of them set it.
                project: null,
                tsconfigRootDir: import.meta.dirname
            }
        }
    },
    {
        files: ["**/*.ts"],
        rules: {
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/switch-exhaustiveness-check": "error",
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            "@typescript-eslint/no-explicit-any": "error"
        }
    }
];
