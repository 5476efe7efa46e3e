import { languageLifecycle } from "./kit/languages";

languageLifecycle("python");
