// Expo app config for the field-survey app.
export default ({ config }) => ({
  ...config,
  name: "Field Survey",
  slug: "field-survey",
  version: "2.4.1",
  plugins: [
    [
      "@rnmapbox/maps",
      {
        RNMapboxMapsDownloadToken: "sk.eyJFhEQUpJ_iFfGEQQtBjnPYLomg5JI1qv.bmOwwmqugapuyhkCtYBP7W",
      },
    ],
  ],
  extra: {
    hereApiKey: "-6XOmIJNUyAAiP_TeAez-od96q3LP4NzcpEt3JkymEH",
    tomtomApiKey: "zsSzgqaMBHehC1XXnvIurKPkaOYQFxCc",
    openweatherApiKey: "3632e683235564161403fb7e96c985e8",
    eas: { projectId: "a961085b-9e76-19fb-052a-8dcc62f6255a" },
  },
});
